import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { zipSync } from 'fflate';
import { initBackend } from '../../src/backend/select.js';
import tf from '../../src/util/tfjs.cjs';
import { loadModel } from '../../src/model/load.js';
import { loadInputModel } from '../../src/model/run-summary.js';
import { faultProject } from '../helpers/faults.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING } from '../helpers/keras-fixtures.js';
import { h5pyDump, h5pyMissing, kerasArchiveDump } from '../helpers/h5py.js';

// These run the real binary (bin/kerasts → dist/): build dist/ first.
const missing = h5pyMissing();
const { dir: root, remove } = tempDir('kerasts-convert-');
process.on('exit', remove);
const runDir = join(root, 'run');
const kerasts = (args: string[], cwd = root) => runCli(['--backend', 'cpu', ...args], { cwd });

before(() => {
  // One small trained run (48 synthetic MNIST images, one epoch: a few seconds) for every test.
  const p = faultProject(root, { epochs: 1 });
  const trained = kerasts(['train', p.spec, '--data', p.data, '--out', runDir, '--workers', '1']);
  assert.equal(trained.status, 0, trained.stderr);
});

/** The weights of a saved tfjs model, per variable, as plain arrays. */
async function tfjsWeights(modelJson: string): Promise<{ shape: number[]; values: number[] }[]> {
  await initBackend('cpu');
  const model = await loadModel(modelJson);
  const weights = model.weights.map((w) => ({ shape: [...w.shape] as number[], values: Array.from(w.read().dataSync()) }));
  model.dispose();
  return weights;
}

/** The one `kerasts:` line of a failure. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((line) => line.startsWith('kerasts:'));
  assert.equal(lines.length, 1, stderr);
  return lines[0]!;
}

test('run → .h5: Keras 2 layout, training_config from the run, weights equal to the run\'s element for element', async (t) => {
  if (missing) return t.skip(missing);
  const out = join(root, 'run.h5');
  const result = kerasts(['convert', runDir, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Wrote .*run\.h5 \(Keras 2 HDF5, \d+ layers, 13,610 params, \d+ bytes\)\n$/);
  const dump = h5pyDump(out, 'keras2');
  assert.deepEqual(dump.attrs['/']!.keras_version, { kind: 'str', value: '2.2.4' });
  const training = JSON.parse(String(dump.attrs['/']!.training_config!.value)) as { optimizer_config: { class_name: string; config: { lr: number } }; loss: string };
  assert.equal(training.optimizer_config.class_name, 'Adam');
  assert.equal(training.optimizer_config.config.lr, 0.01);
  assert.equal(training.loss, 'categorical_crossentropy');
  const read = dump.keras2_weights!.flatMap((layer) => layer.weights);
  const own = await tfjsWeights(join(runDir, 'model.json'));
  assert.equal(read.length, own.length);
  assert.equal(read.length, 4, 'conv kernel and bias, dense kernel and bias');
  read.forEach((weight, i) => {
    assert.equal(weight.dtype, '<f4');
    assert.deepEqual(weight.shape, own[i]!.shape, weight.name);
    assert.deepEqual(weight.values, own[i]!.values, weight.name);
  });
  assert.deepEqual(readdirSync(root).filter((name) => name.endsWith('.tmp')), [], 'no temporary files left');
});

test('run → tfjs folder: model.json + weights.bin that load back to the same weights; --json says what was written', async () => {
  const out = join(root, 'web');
  const result = kerasts(['convert', join(runDir, 'model.json'), '--out', out, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const written = JSON.parse(result.stdout) as { out: string; to: string; files: string[]; bytes: number; params: number };
  assert.equal(written.to, 'tfjs');
  assert.deepEqual(written.files, ['model.json', 'weights.bin']);
  assert.deepEqual(readdirSync(out).sort(), ['model.json', 'weights.bin']);
  assert.equal(written.bytes, readFileSync(join(out, 'model.json')).length + readFileSync(join(out, 'weights.bin')).length);
  assert.equal(written.params, 13610);
  assert.deepEqual(await tfjsWeights(join(out, 'model.json')), await tfjsWeights(join(runDir, 'model.json')));
  assert.deepEqual(readdirSync(root).filter((name) => name.endsWith('.tmp')), [], 'the temporary folder was renamed into place');
});

test('run → .keras: a Keras 3 archive whose weights, at Keras 3\'s paths, equal the run\'s', async (t) => {
  if (missing) return t.skip(missing);
  const out = join(root, 'run.keras');
  const result = kerasts(['convert', runDir, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Wrote .*run\.keras \(Keras 3 archive, \d+ layers, 13,610 params, \d+ bytes\)\n$/);
  const dump = kerasArchiveDump(out);
  const layers = (dump.config.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
  assert.deepEqual(layers.map((l) => l.class_name), ['InputLayer', 'Conv2D', 'Activation', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Activation']);
  assert.deepEqual(layers[0]!.config.batch_shape, [null, 28, 28, 1]);
  assert.equal(layers[4]!.config.rate, 0.25);
  const own = await tfjsWeights(join(runDir, 'model.json'));
  const paths = ['layers/conv2d/vars/0', 'layers/conv2d/vars/1', 'layers/dense/vars/0', 'layers/dense/vars/1'];
  assert.deepEqual(Object.keys(dump.datasets).sort(), paths);
  paths.forEach((path, i) => {
    assert.equal(dump.datasets[path]!.dtype, '<f4');
    assert.deepEqual(dump.datasets[path]!.shape, own[i]!.shape, path);
    assert.deepEqual(dump.datasets[path]!.values, own[i]!.values, path);
  });
});

test('spec → .h5: a freshly built model with the spec\'s layers and Keras 2 names', (t) => {
  if (missing) return t.skip(missing);
  const out = join(root, 'spec.hdf5');
  const result = kerasts(['convert', join(root, 'spec.json'), '--out', out, '--to', 'h5']);
  assert.equal(result.status, 0, result.stderr);
  const dump = h5pyDump(out, 'keras2');
  assert.deepEqual(dump.attrs['model_weights']!.layer_names!.value, ['conv2d_1', 'activation_1', 'max_pooling2d_1', 'dropout_1', 'flatten_1', 'dense_1', 'activation_2']);
  assert.deepEqual(dump.datasets['model_weights/conv2d_1/conv2d_1/kernel:0']!.shape, [3, 3, 1, 8]);
  assert.deepEqual(dump.datasets['model_weights/dense_1/dense_1/kernel:0']!.shape, [1352, 10]);
  const config = JSON.parse(String(dump.attrs['/']!.model_config!.value)) as { class_name: string };
  assert.equal(config.class_name, 'Sequential');
});

test('bad options are one line, exit 2, and write nothing', () => {
  const cases: { args: string[]; pattern: RegExp }[] = [
    { args: [runDir, '--out', join(root, 'x.onnx'), '--to', 'onnx'], pattern: /--to: must be tfjs, h5, keras\. Received: "onnx"\./ },
    { args: [runDir, '--out', join(root, 'x.keras'), '--to', 'h5'], pattern: /--out: must be a path ending in \.h5 or \.hdf5 for --to h5\. Received: .*x\.keras, which means --to keras\./ },
    { args: [runDir, '--out', join(root, 'x.h5'), '--to', 'tfjs'], pattern: /--out: must be a folder path \(no \.h5, \.hdf5 or \.keras extension\) for --to tfjs/ },
    { args: [runDir, '--out', join(root, 'folder-x'), '--to', 'keras'], pattern: /--out: must be a path ending in \.keras for --to keras\. Received: .*folder-x, which means --to tfjs\./ },
    { args: [join(root, 'no-such-run'), '--out', join(root, 'x.h5')], pattern: /no-such-run: must be a run directory, a model\.json.* Received: a path that does not exist\./ },
  ];
  for (const example of cases) {
    const result = kerasts(['convert', ...example.args]);
    assert.equal(result.status, 2, `${example.args.join(' ')}: ${result.stderr}`);
    assert.match(oneLine(result.stderr), example.pattern);
  }
  const noOut = kerasts(['convert', runDir]);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /required option '--out <path>' not specified/);
  for (const name of ['x.onnx', 'x.keras', 'x.h5', 'folder-x']) assert.ok(!existsSync(join(root, name)), `${name} not written`);
});

test('an --out that cannot be written is one line, exit 2, before the model is loaded', () => {
  writeFileSync(join(root, 'a-file'), '');
  const cases: { out: string; pattern: RegExp }[] = [
    { out: join(root, 'missing-dir', 'm.h5'), pattern: /--out: its folder must exist\. Received: .*missing-dir\/m\.h5 \(no directory .*missing-dir\)\./ },
    { out: join(root, 'a-file', 'm.h5'), pattern: /--out: its folder must exist/ },
    { out: '/proc/m.h5', pattern: /--out: must be on an ordinary file system\. Received: \/proc\/m\.h5, on the proc pseudo file system\./ },
    { out: join(root, 'a-file'), pattern: /--out: must be a folder for a tfjs model \(model\.json and weights\.bin go inside\)\. Received: .*a-file, a file\./ },
    { out: root, pattern: /--out: must not be an existing model\. Received: .*, a folder that is not empty\. Pass --force/ },
  ];
  for (const example of cases) {
    // The input does not exist either: the --out check comes first, so its line is the one shown.
    const result = kerasts(['convert', join(root, 'no-such-run'), '--out', example.out]);
    assert.equal(result.status, 2, `${example.out}: ${result.stderr}`);
    assert.match(oneLine(result.stderr), example.pattern);
  }
});

test('a read-only folder is exit 2 naming it; nothing is created there', (t) => {
  const { dir: mount, remove: removeMount } = tempDir('kerasts-ro-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=100k', 'tmpfs', mount]);
  if (mounted.status !== 0) {
    removeMount();
    return t.skip(`cannot mount a read-only tmpfs here: ${String(mounted.stderr).trim() || 'mount failed'}`);
  }
  t.after(() => {
    spawnSync('umount', [mount]);
    removeMount();
  });
  const result = kerasts(['convert', runDir, '--out', join(mount, 'm.h5')]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(oneLine(result.stderr), /cannot write here: a read-only file system \(EROFS\)\./);
  assert.deepEqual(readdirSync(mount), []);
});

test('an existing --out is refused without --force and replaced whole with it', (t) => {
  if (missing) return t.skip(missing);
  const file = join(root, 'old.h5');
  writeFileSync(file, 'an older file');
  const refused = kerasts(['convert', runDir, '--out', file]);
  assert.equal(refused.status, 2);
  assert.match(oneLine(refused.stderr), /--out: must not be an existing model\. Received: .*old\.h5, a file that exists\. Pass --force to replace it/);
  assert.equal(readFileSync(file, 'utf8'), 'an older file');
  const forced = kerasts(['convert', runDir, '--out', file, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(h5pyDump(file, 'keras2').keras2_weights!.length, 2);

  // An empty folder is no model: it is filled without --force. A model folder needs --force.
  const empty = join(root, 'empty');
  mkdirSync(empty);
  assert.equal(kerasts(['convert', runDir, '--out', empty]).status, 0);
  assert.deepEqual(readdirSync(empty).sort(), ['model.json', 'weights.bin']);
  assert.equal(kerasts(['convert', runDir, '--out', empty]).status, 2);
  assert.equal(kerasts(['convert', runDir, '--out', empty, '--force']).status, 0);
  assert.deepEqual(readdirSync(empty).sort(), ['model.json', 'weights.bin']);
});

test('a disk that fills up is exit 1 and leaves the file --force would have replaced as it was', (t) => {
  const { dir: mount, remove: removeMount } = tempDir('kerasts-small-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
  if (mounted.status !== 0) {
    removeMount();
    return t.skip(`cannot mount a tmpfs here: ${String(mounted.stderr).trim() || 'mount failed'}`);
  }
  t.after(() => {
    spawnSync('umount', [mount]);
    removeMount();
  });
  // The run's .h5 takes about 64 KB, as large as the whole disk.
  writeFileSync(join(mount, 'padding'), Buffer.alloc(40 * 1024));
  const target = join(mount, 'm.h5');
  writeFileSync(target, 'the old model');
  const result = kerasts(['convert', runDir, '--out', target, '--force']);
  assert.equal(result.status, 1, result.stderr);
  assert.match(oneLine(result.stderr), /no space left on the device \(ENOSPC\)/);
  assert.equal(readFileSync(target, 'utf8'), 'the old model');
  assert.deepEqual(readdirSync(mount).sort(), ['m.h5', 'padding'], 'no temporary file left');
});

test('kerasts convert --help teaches with examples', () => {
  const result = kerasts(['convert', '--help']);
  assert.equal(result.status, 0);
  for (const text of ['--out <path>', '--to <format>', '--force', 'Examples:', '--out mnist.h5', '--out mnist.keras', "tf.loadLayersModel('web/model.json')"]) {
    assert.ok(result.stdout.includes(text), text);
  }
});

/** The model's outputs on a fixed batch of two 28x28x1 images, and its weights, in-process as `summary` loads it. */
async function outputsAndWeights(input: string): Promise<{ outputs: number[]; weights: number[][] }> {
  await initBackend('cpu');
  const model = await loadInputModel({ input, imageDimOrdering: 'tf' });
  const batch = tf.tensor4d(Float32Array.from({ length: 2 * 28 * 28 }, (_, j) => ((j * 7) % 11) / 10), [2, 28, 28, 1]);
  const output = model.predict(batch) as tf.Tensor;
  const result = { outputs: Array.from(output.dataSync()), weights: model.weights.map((w) => Array.from(w.read().dataSync())) };
  tf.dispose([batch, output]);
  model.dispose();
  return result;
}

for (const ext of ['h5', 'keras'] as const) {
  test(`round trip: run → .${ext} → kerasts gives identical weights and predictions; .${ext} → tfjs folder gives the run's weights.bin byte for byte`, async () => {
    const file = join(root, `round.${ext}`);
    assert.equal(kerasts(['convert', runDir, '--out', file]).status, 0);
    const original = await outputsAndWeights(runDir);
    const back = await outputsAndWeights(file);
    assert.equal(back.weights.length, 4);
    assert.deepEqual(back.weights, original.weights);
    assert.deepEqual(back.outputs, original.outputs);
    assert.ok(original.outputs.some((value) => value !== original.outputs[0]), 'the outputs are not all alike');

    const folder = join(root, `round-${ext}-tfjs`);
    const converted = kerasts(['convert', file, '--out', folder]);
    assert.equal(converted.status, 0, converted.stderr);
    assert.deepEqual(readFileSync(join(folder, 'weights.bin')), readFileSync(join(runDir, 'weights.bin')));
    const summary = kerasts(['summary', file]);
    assert.match(summary.stdout, /Total params: 13,610/);
  });
}

test('Keras 1 and 2 .h5 files → tfjs folders: the kernel 0, 1, 2, … of shape [3, 3, 5, 6] and the bias 0…5, as Keras 2\'s loader gives them', async (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  for (const [file, kernel] of [['dl4j_conv2d_tensorflow_1.h5', 'convolution2d_1/kernel'], ['dl4j_conv2d_tensorflow_2.h5', 'conv2d_1/kernel']] as const) {
    const path = join(KERAS_MODELS_DIR, 'h5', file);
    const folder = join(root, `${file}-tfjs`);
    const result = kerasts(['convert', path, '--out', folder]);
    assert.equal(result.status, 0, result.stderr);
    const manifest = (JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }).weightsManifest[0]!.weights;
    assert.deepEqual(manifest.map((w) => [w.name, w.shape]), [[kernel, [3, 3, 5, 6]], [kernel.replace('kernel', 'bias'), [6]]]);
    const values = Array.from(new Float32Array(new Uint8Array(readFileSync(join(folder, 'weights.bin'))).buffer));
    assert.deepEqual(values, [...Array.from({ length: 270 }, (_, i) => i), 0, 1, 2, 3, 4, 5], file);
  }
});

test('a truncated .h5 or a zip that is no .keras archive as input is exit 2 naming the file; nothing is written', () => {
  const h5 = join(root, 'cut.h5');
  writeFileSync(h5, readFileSync(join(root, 'run.h5')).subarray(0, 2000));
  const zip = join(root, 'not-keras.keras');
  writeFileSync(zip, zipSync({ 'readme.txt': new TextEncoder().encode('no config.json here') }));
  for (const input of [h5, zip]) {
    const out = join(root, 'from-bad');
    const result = kerasts(['convert', input, '--out', out]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(oneLine(result.stderr), input === h5 ? /cut\.h5: .*HDF5/ : /not-keras\.keras: .*config\.json/);
    assert.ok(!existsSync(out), 'nothing written');
  }
});
