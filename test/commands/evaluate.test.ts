import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../helpers/cli.js';
import { project } from '../helpers/train-project.js';

function decodedNonBlank(file: string, minSide = 100): PNG {
  const png = PNG.sync.read(readFileSync(file));
  let ink = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) ink++;
  assert.ok(png.width >= minSide && png.height >= minSide, `${file}: ${png.width} x ${png.height}`);
  assert.ok(ink > 200, `${file} has ${ink} dark pixels`);
  return png;
}

test('train draws the learning curves; evaluate prints the confusion matrix and draws it with the worst mistakes', (t) => {
  const p = project(t);
  const run = join(p.dir, 'run');
  const trained = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', run, '--epochs', '2', '--limit', '40', '--workers', '1'], { cwd: p.dir });
  assert.equal(trained.status, 0, trained.stderr);
  decodedNonBlank(join(run, 'history.png'));
  const svg = readFileSync(join(run, 'history.svg'), 'utf8');
  // The small spec validates on nothing, so the legend names the training series alone.
  for (const text of ['Epoch', 'Loss', 'Accuracy', 'training']) assert.match(svg, new RegExp(`>${text}<`), `history.svg has ${text}`);

  const evaluated = runCli(['evaluate', run, '--data', p.data, '--json'], { cwd: p.dir });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const result = JSON.parse(evaluated.stdout) as { samples: number; testAccuracy: number; confusion: { classNames: string[]; matrix: number[][] } };
  const { matrix, classNames } = result.confusion;
  assert.equal(classNames.length, 10);
  assert.equal(matrix.length, 10);
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((sum, row, i) => sum + row[i]!, 0);
  assert.equal(total, result.samples);
  // Trained with --limit 40, so tested on 40 of the 50 test images: evaluate takes the same ones by default, and agrees with the run.
  assert.equal(result.samples, 40);
  const recorded = (JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { test_accuracy: number }).test_accuracy;
  assert.ok(Math.abs(recorded - result.testAccuracy) < 1e-6, `metrics.json ${recorded} vs evaluate ${result.testAccuracy}`);
  assert.ok(Math.abs(correct / total - result.testAccuracy) < 1e-6, `diagonal ${correct}/${total} vs accuracy ${result.testAccuracy}`);
  decodedNonBlank(join(run, 'confusion-matrix.png'));
  // The grid has a row of captioned tiles per 8 mistakes; with none it is one line saying so.
  const grid = decodedNonBlank(join(run, 'misclassified.png'), 50);
  if (correct < total) assert.ok(grid.height >= 100, `${total - correct} mistakes drawn in ${grid.width} x ${grid.height}`);
  else assert.ok(grid.height < 100, 'no mistakes: a one-line picture');

  const text = runCli(['evaluate', run, '--data', p.data], { cwd: p.dir });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Confusion matrix \(rows: true class, columns: predicted class\):/);
  assert.match(text.stdout, /^Evaluated on 40 test images$/m);
});

test('evaluate --help teaches both forms: a run directory, and a model file with its dataset', () => {
  const help = runCli(['evaluate', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: kerasts evaluate \[options\] <run-dir \| model-file>$/m);
  for (const flag of ['--dataset <name>', '--spec <spec.json>', '--out-dir <dir>', '--data <dir>', '--limit <n>', '--json']) assert.ok(help.stdout.includes(flag), flag);
  assert.match(help.stdout, /written only with --out-dir/);
  assert.match(help.stdout, /\$ kerasts evaluate runs\/mnist_cnn-\d{8}-\d{6}\n/);
  assert.match(help.stdout, /\$ kerasts evaluate \S+model\.json --dataset mnist/);
  assert.match(help.stdout, /\$ kerasts evaluate \S+\.h5 --spec \S+ --out-dir \S+/);
});
