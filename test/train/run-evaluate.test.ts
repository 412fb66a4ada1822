import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli, tempDir } from '../helpers/cli.js';
import { smallCnnSpec, writeSyntheticMnist } from '../helpers/synthetic-data.js';

test('evaluate and predict warn on stderr when the weights hold NaN', (t) => {
  const { dir, remove } = tempDir('kerasts-nan-');
  t.after(remove);
  const data = join(dir, 'data');
  mkdirSync(data);
  writeSyntheticMnist(data, 64, 16);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(smallCnnSpec()));
  const run = join(dir, 'run');
  const trained = runCli(['--backend', 'wasm', 'train', 'spec.json', '--data', data, '--out', run, '--epochs', '1', '--workers', '1', '--quiet'], { cwd: dir });
  assert.equal(trained.status, 0, trained.stderr);
  const image = join(dir, 'digit.png');
  writeFileSync(image, PNG.sync.write(Object.assign(new PNG({ width: 28, height: 28 }), { data: Buffer.alloc(28 * 28 * 4, 128) })));

  const healthy = runCli(['--backend', 'wasm', 'predict', run, image], { cwd: dir });
  assert.equal(healthy.status, 0, healthy.stderr);
  assert.doesNotMatch(healthy.stderr, /warning/, 'finite weights give no warning');

  // A diverged run: every weight NaN (the size stays right, so the model still loads).
  const weights = readFileSync(join(run, 'weights.bin'));
  writeFileSync(join(run, 'weights.bin'), Buffer.from(new Float32Array(weights.length / 4).fill(Number.NaN).buffer));
  const warning = /^kerasts: warning: .*run: the model's weights hold NaN or infinite values \(.+\), so its outputs are meaningless; train it again, e.g\. with a lower learning rate\.$/m;
  for (const args of [['evaluate', run, '--data', data], ['predict', run, image]]) {
    const result = runCli(['--backend', 'wasm', ...args], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, warning, args[0]);
  }
});
