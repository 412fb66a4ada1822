import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { project } from '../helpers/train-project.js';

// These run the real binary (bin/kerasts → dist/): build dist/ first.

/** Two small real runs, `runs/small` (3 epochs) and `runs/other` (2, another seed), with validation. */
function twoRuns(t: Parameters<typeof project>[0]) {
  const p = project(t, smallCnnSpec({ fit: { epochs: 3, batch_size: 32, seed: 7, validation_split: 0.25 } }));
  const train = (out: string, extra: string[]) => {
    const result = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--limit', '64', '--workers', '1', ...extra], { cwd: p.dir });
    assert.equal(result.status, 0, result.stderr);
  };
  train('runs/small', []);
  train('runs/other', ['--epochs', '2', '--seed', '3']);
  const cli = (args: string[]) => runCli(args, { cwd: p.dir });
  return { ...p, cli };
}

function inkedShare(png: PNG): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) count++;
  return count / (png.width * png.height);
}

test('kerasts plot-history draws two runs on the same axes: the PNG decodes and is not blank, the SVG names both runs', (t) => {
  const { dir, cli } = twoRuns(t);
  const png = cli(['plot-history', 'runs/small', 'runs/other', '--out', 'curves.png']);
  assert.equal(png.status, 0, png.stderr);
  assert.equal(png.stderr, '');
  assert.match(png.stdout, /^Wrote curves\.png \(PNG, \d+ x \d+, loss and accuracy of 2 runs\)\n$/);
  const image = PNG.sync.read(readFileSync(join(dir, 'curves.png')));
  assert.ok(image.width > 600 && image.height > 250, `${image.width} x ${image.height}`);
  const inked = inkedShare(image);
  assert.ok(inked > 0.01 && inked < 0.5, `ink ${inked}`);

  const svg = cli(['plot-history', 'runs/small', 'runs/other', '--out', 'curves.svg', '--metric', 'accuracy', '--json']);
  assert.equal(svg.status, 0, svg.stderr);
  const result = JSON.parse(svg.stdout) as { format: string; panels: string[]; runs: { name: string; epochs: number }[]; bytes: number };
  assert.equal(result.format, 'svg');
  assert.deepEqual(result.panels, ['accuracy']);
  assert.deepEqual(result.runs.map((r) => [r.name, r.epochs]), [['small', 3], ['other', 2]]);
  const text = readFileSync(join(dir, 'curves.svg'), 'utf8');
  assert.equal(result.bytes, Buffer.byteLength(text));
  // acc, as history.csv names the column, means accuracy.
  const acc = cli(['plot-history', 'runs/small', '--out', 'acc.svg', '--metric', 'acc', '--json']);
  assert.equal(acc.status, 0, acc.stderr);
  assert.deepEqual((JSON.parse(acc.stdout) as { panels: string[] }).panels, ['accuracy']);
  for (const name of ['>small<', '>other<', '>Accuracy<', '>training<', '>validation<']) assert.ok(text.includes(name), name);
  assert.ok(!text.includes('>Loss<'));

  // No run named: the run whose history was written last (runs/other), one panel pair.
  const latest = cli(['plot-history', '--out', 'latest.svg']);
  assert.equal(latest.status, 0, latest.stderr);
  assert.match(latest.stdout, /loss and accuracy of run other\)/);
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
});

test('kerasts plot-history bad input: one line each, exit 2, nothing existing damaged', (t) => {
  const { dir, cli } = twoRuns(t);
  writeFileSync(join(dir, 'keep.png'), 'precious');
  mkdirSync(join(dir, 'not-a-run'));
  // A run before its first epoch ended: a checkpoint pointer, no history yet.
  mkdirSync(join(dir, 'runs', 'fresh'));
  cpSync(join(dir, 'runs', 'small', 'checkpoint.json'), join(dir, 'runs', 'fresh', 'checkpoint.json'));
  cpSync(join(dir, 'runs', 'small'), join(dir, 'runs', 'damaged'), { recursive: true });
  writeFileSync(join(dir, 'runs', 'damaged', 'history.csv'), 'epoch,loss,acc,seconds\n1,0.5,0.1,1\n2,0.4,,1,9\n');
  cpSync(join(dir, 'runs', 'small'), join(dir, 'runs', 'no-acc'), { recursive: true });
  writeFileSync(join(dir, 'runs', 'no-acc', 'history.csv'), 'epoch,loss,seconds\n1,0.5,1\n');
  const many = Array.from({ length: 11 }, (_, i) => `runs/r${i}`);

  const cases: [string[], RegExp][] = [
    [['not-a-run'], /^kerasts: not-a-run: must be a run directory written by kerasts train\..*\n$/],
    [['runs'], /^kerasts: runs: must be a run directory.* It holds runs: name one, e\.g\. runs\/[\w-]+\.\n$/],
    [['runs/fresh'], /^kerasts: runs\/fresh: has no history yet: no epoch of this run has finished\.\n$/],
    [['runs/damaged'], /^kerasts: runs\/damaged\/history\.csv: line 3: must have 4 cells like the header\. Received: 5\.\n$/],
    [['runs/small', 'runs/no-acc', '--metric', 'accuracy'], /^kerasts: runs\/no-acc\/history\.csv: logged no accuracy, so --metric accuracy cannot compare it\. Received: a history of loss\. Use --metric loss\.\n$/],
    [['runs/small', '--out', 'keep.gif'], /^kerasts: --out: must end in \.png or \.svg\. Received: keep\.gif\.\n$/],
    [['runs/small', '--out', 'no/such/dir/c.png'], /^kerasts: --out: its folder must exist\..*\n$/],
    [[...many], /^kerasts: plot-history: draws at most 10 runs on one set of axes\. Received: 11 runs\. Compare fewer runs at a time\.\n$/],
    [['runs/small', '--metric', 'f1'], /^kerasts: --metric: must be loss, accuracy, both\. Received: "f1"\.\n$/],
    [['runs/small', '--dpi', '0'], /^kerasts: --dpi: must be a positive integer/],
  ];
  for (const [args, pattern] of cases) {
    const out = args.includes('--out') ? [] : ['--out', 'keep.png'];
    const result = cli(['plot-history', ...args, ...out]);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern, args.join(' '));
    assert.equal(result.stdout, '');
  }
  assert.equal(readFileSync(join(dir, 'keep.png'), 'utf8'), 'precious');

  // Mismatched metrics with --metric both: the shared panel is drawn and the rest is named.
  const mixed = cli(['plot-history', 'runs/small', 'runs/no-acc', '--out', 'mixed.svg']);
  assert.equal(mixed.status, 0, mixed.stderr);
  assert.equal(mixed.stderr, 'Accuracy left out: no-acc logged none; drawing what every run shares.\n');
  assert.match(mixed.stdout, /, loss of 2 runs\)\n$/);
});

test('kerasts plot-history --help teaches with examples', () => {
  const help = runCli(['plot-history', '--help']);
  assert.equal(help.status, 0);
  for (const text of ['--out <file>', '--metric <name>', '--dpi <n>', '--json', 'Examples:', 'kerasts plot-history runs/', 'at most 10']) assert.ok(help.stdout.includes(text), text);
});
