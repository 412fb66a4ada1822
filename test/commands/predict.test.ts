import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { SHAPE_CLASSES, writeShapeDataset } from '../helpers/shapes.js';
import { PNG } from 'pngjs';
import { saveModelToDir } from '../../src/io/file-io.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';

/** A small CNN for 16x16 grey shapes, trained with Adam so a few epochs suffice. */
function shapesSpec(data: string, test: string): Record<string, unknown> {
  return {
    name: 'shapes',
    dataset: { name: 'directory', path: data, test_path: test, image_size: [16, 16], color_mode: 'grayscale', validation_split: 0.25, seed: 3 },
    model: {
      layers: [
        { class_name: 'Conv2D', config: { filters: 8, kernel_size: 3, activation: 'relu' } },
        { class_name: 'MaxPooling2D', config: { pool_size: 2 } },
        { class_name: 'Flatten', config: {} },
        { class_name: 'Dense', config: { units: 32, activation: 'relu' } },
        { class_name: 'Dense', config: { units: 3, activation: 'softmax' } },
      ],
    },
    compile: { optimizer: { class_name: 'Adam', config: { learning_rate: 0.01 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    fit: { epochs: 8, batch_size: 16, seed: 5 },
  };
}

test('a class-folder dataset of drawn shapes trains to high validation accuracy; predict on a folder prints class names', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'shapes'), { perClass: 40, seed: 1 });
  await writeShapeDataset(join(dir, 'shapes-test'), { perClass: 4, seed: 99 });
  const spec = join(dir, 'shapes.json');
  writeFileSync(spec, JSON.stringify(shapesSpec(join(dir, 'shapes'), join(dir, 'shapes-test'))));
  const out = join(dir, 'run');
  const started = Date.now();
  const trained = runCli(['--backend', 'wasm', 'train', spec, '--out', out, '--workers', '1'], { cwd: dir });
  assert.equal(trained.status, 0, trained.stderr);
  assert.match(trained.stderr, /3 classes \(circle, square, triangle\); 16x16 grayscale; train: 120 images, 0 from the cache, 120 decoded at \d+ images\/s; test: 12 images/);
  const history = readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n');
  const header = history[0]!.split(',');
  const last = history[history.length - 1]!.split(',');
  const valAcc = Number(last[header.indexOf('val_acc')]);
  assert.ok(valAcc >= 0.9, `validation accuracy ${valAcc} after ${(Date.now() - started) / 1000} s`);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'classes.json'), 'utf8')), [...SHAPE_CLASSES]);

  const predicted = runCli(['--backend', 'wasm', 'predict', out, join(dir, 'shapes-test')], { cwd: dir });
  assert.equal(predicted.status, 0, predicted.stderr);
  const lines = predicted.stdout.trim().split('\n');
  assert.equal(lines.length, 12, predicted.stdout);
  let right = 0;
  for (const line of lines) {
    const match = /shapes-test\/(\w+)\/\w+-\d+\.(png|jpg): class (\d) \((\w+)\), probability (0\.\d+|1\.0+)$/.exec(line);
    assert.ok(match, line);
    assert.equal(match[4], SHAPE_CLASSES[Number(match[3])]);
    if (match[1] === match[4]) right += 1;
  }
  assert.ok(right >= 10, `${right} of 12 test shapes right:\n${predicted.stdout}`);

  const json = runCli(['--backend', 'wasm', 'predict', out, join(dir, 'shapes-test', 'circle'), join(dir, 'shapes-test', 'square', 'square-1.jpg'), '--json'], { cwd: dir });
  assert.equal(json.status, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as Array<{ file: string; className: string }>;
  assert.equal(rows.length, 5);
  assert.ok(rows.every((row) => (SHAPE_CLASSES as readonly string[]).includes(row.className)));

  // Bad inputs to predict: one line, exit 2.
  const empty = join(dir, 'empty');
  writeFileSync(join(dir, 'notes.txt'), 'not an image');
  const notImage = runCli(['--backend', 'wasm', 'predict', out, join(dir, 'notes.txt')], { cwd: dir });
  assert.equal(notImage.status, 2);
  assert.match(notImage.stderr, /^kerasts: .*notes\.txt: must be a readable PNG or JPEG image\. Received: .+\n$/);
  const missing = runCli(['--backend', 'wasm', 'predict', out, empty], { cwd: dir });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^kerasts: .*empty: must be a readable PNG or JPEG image\. Received: no such file\.\n$/);

  // One unreadable image among good ones: the good ones are still classified, each bad one is a line, exit 2.
  const circle = join(dir, 'shapes-test', 'circle', 'circle-0.png');
  const square = join(dir, 'shapes-test', 'square', 'square-1.jpg');
  for (const json of [false, true]) {
    const mixed = runCli(['--backend', 'wasm', 'predict', out, circle, join(dir, 'notes.txt'), square, empty, ...(json ? ['--json'] : [])], { cwd: dir });
    assert.equal(mixed.status, 2, mixed.stderr);
    const errors = mixed.stderr.trim().split('\n').filter((line) => line.startsWith('kerasts: '));
    assert.equal(errors.length, 2, mixed.stderr);
    assert.match(errors[0]!, /notes\.txt: must be a readable PNG or JPEG image/);
    assert.match(errors[1]!, /empty: must be a readable PNG or JPEG image\. Received: no such file\.$/);
    const files = json ? (JSON.parse(mixed.stdout) as Array<{ file: string }>).map((row) => row.file) : mixed.stdout.trim().split('\n').map((line) => line.slice(0, line.indexOf(': class')));
    assert.deepEqual(files, [circle, square]);
  }
});

test('predict takes a tfjs model folder or model.json (e.g. from kerasts convert); a spec or an empty folder is one line, exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  assert.ok(await useCpu());
  const model = convModel(handKernel([3, 3, 1, 4]));
  await saveModelToDir(model, join(dir, 'web'));
  model.dispose();
  const image = new PNG({ width: 6, height: 6 });
  image.data.fill(255);
  writeFileSync(join(dir, 'white.png'), PNG.sync.write(image));
  for (const input of ['web', join('web', 'model.json')]) {
    const result = runCli(['--backend', 'cpu', 'predict', input, 'white.png'], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^white\.png: class [01], probability -?\d+\.\d{4}\n$/);
  }
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }] } }));
  for (const [input, received] of [['empty', 'a folder without model\\.json'], ['spec.json', 'a file that is none of these']] as const) {
    const result = runCli(['--backend', 'cpu', 'predict', input, 'white.png'], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`^kerasts: ${input.replace('.', '\\.')}: must be a run directory, a tfjs model\\.json \\(or its folder\\) or a Keras model file .*Received: ${received}.*\\n$`));
  }
});

test('predict with only an image says the run or model comes first (one line, exit 2); help names the argument run-or-model', () => {
  const result = runCli(['predict', '/tmp/digit3.png']);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(
    result.stderr,
    "kerasts: predict needs a run directory (or model file) first, then images. Received: only '/tmp/digit3.png'. Example: kerasts predict runs/mnist_cnn-20261128-101500 digit.png. See kerasts predict --help.\n",
  );
  assert.match(runCli(['--help']).stdout, /predict \[options\] <run-or-model> <images\.\.\.>/);
  assert.match(runCli(['predict', '--help']).stdout, /Usage: kerasts predict \[options\] <run-or-model> <images\.\.\.>/);
});
