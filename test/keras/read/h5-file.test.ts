import assert from 'node:assert/strict';
import tf from '../../../src/util/tfjs.cjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { UserError } from '../../../src/errors.js';
import { modelFromKerasFile } from '../../../src/keras/read/build.js';
import { readKerasH5, readKerasWeightsH5 } from '../../../src/keras/read/h5-file.js';
import { buildH5, setStringAttribute, setStringListAttribute, writeFloat32Dataset } from '../../../src/keras/write/h5-bytes.js';
import { tempDir } from '../../helpers/cli.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../../helpers/keras-fixtures.js';
import { useCpu } from '../../viz/helpers.js';

const shared = (name: string): string => kerasModel(`h5/${name}`);
const absent = KERAS_MODELS_DIR === undefined ? KERAS_MODELS_MISSING : undefined;

before(async () => {
  assert.ok(await useCpu());
});
const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A UserError, exit 2, naming `file`, whose line matches `pattern`. */
function userError(file: string, pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.equal(error.file, file);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

test('Keras 2.1.3 conv2d_tensorflow_2.h5: conv2d_1/kernel:0 [3, 3, 5, 6] holds 0..269 unchanged', async (t) => {
  if (absent) return t.skip(absent);
  const model = await readKerasH5(shared('dl4j_conv2d_tensorflow_2.h5'));
  assert.equal(model.kerasVersion, '2.1.3');
  assert.equal(model.backend, 'tensorflow');
  assert.equal((model.config as { class_name: string }).class_name, 'Sequential');
  assert.deepEqual(model.weights!.map((w) => [w.layer, w.name, w.shape]), [
    ['conv2d_1', 'conv2d_1/kernel:0', [3, 3, 5, 6]],
    ['conv2d_1', 'conv2d_1/bias:0', [6]],
  ]);
  assert.deepEqual(Array.from(model.weights![0]!.values), iota(270));
  assert.deepEqual(Array.from(model.weights![1]!.values), iota(6));
});

test('Keras 1.2.2 conv2d_tensorflow_1.h5 (dim_ordering tf, no backend): the kernel stays [3, 3, 5, 6] = 0..269', async (t) => {
  if (absent) return t.skip(absent);
  // Its model_weights group records no keras_version, so Keras 2's loader takes it for Keras 1;
  // with dim_ordering "tf" no transpose applies, and without a backend attribute no flip:
  // kernel[r][c][i][f] = 90r + 30c + 6i + f, as stored.
  const model = await readKerasH5(shared('dl4j_conv2d_tensorflow_1.h5'));
  assert.equal(model.kerasVersion, '1.2.2');
  assert.equal(model.backend, undefined);
  assert.deepEqual(model.weights!.map((w) => [w.layer, w.name, w.shape]), [
    ['convolution2d_1', 'convolution2d_1_W:0', [3, 3, 5, 6]],
    ['convolution2d_1', 'convolution2d_1_b:0', [6]],
  ]);
  const kernel = model.weights![0]!.values;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let i = 0; i < 5; i++) for (let f = 0; f < 6; f++) {
    assert.equal(kernel[((r * 3 + c) * 5 + i) * 6 + f], 90 * r + 30 * c + 6 * i + f);
  }
  assert.deepEqual(Array.from(model.weights![1]!.values), iota(6));
});

test('cnn_batch_norm.h5: the layers with weights and their shapes, in layer_names order', async (t) => {
  if (absent) return t.skip(absent);
  const model = await readKerasH5(shared('dl4j_cnn_batch_norm.h5'));
  assert.deepEqual(model.weights!.map((w) => `${w.name} [${w.shape.join(', ')}]`), [
    'conv2d_1/kernel:0 [3, 3, 3, 1]',
    'conv2d_1/bias:0 [1]',
    'batch_normalization_1/gamma:0 [1]',
    'batch_normalization_1/beta:0 [1]',
    'batch_normalization_1/moving_mean:0 [1]',
    'batch_normalization_1/moving_variance:0 [1]',
    'conv2d_2/kernel:0 [3, 3, 1, 1]',
    'conv2d_2/bias:0 [1]',
    'dense_1/kernel:0 [36, 1]',
    'dense_1/bias:0 [1]',
  ]);
  assert.deepEqual(model.weights!.slice(2, 6).map((w) => w.values[0]), [1, 0, 0, 1]);
  const layers = (model.config as { config: { class_name: string }[] }).config.map((l) => l.class_name);
  assert.deepEqual(layers, ['Conv2D', 'BatchNormalization', 'Activation', 'Conv2D', 'Flatten', 'Dense']);
});

/** A weights-only file as Keras 1's save_weights writes it: layer_names at the root, no keras_version. */
async function keras1WeightsFile(path: string, backend?: string): Promise<void> {
  const bytes = await buildH5((file) => {
    if (backend) setStringAttribute(file, 'backend', backend);
    setStringListAttribute(file, 'layer_names', ['conv', 'flat']);
    const conv = file.create_group('conv');
    setStringListAttribute(conv, 'weight_names', ['conv_W', 'conv_b']);
    writeFloat32Dataset(conv, 'conv_W', [2, 1, 2, 2], Float32Array.from(iota(8)));
    writeFloat32Dataset(conv, 'conv_b', [2], Float32Array.from([5, 6]));
    setStringListAttribute(file.create_group('flat'), 'weight_names', []);
  });
  writeFileSync(path, bytes);
}

const keras1Json = {
  class_name: 'Sequential',
  config: [
    { class_name: 'Convolution2D', config: { name: 'conv', nb_filter: 2, nb_row: 2, nb_col: 2, dim_ordering: 'th', batch_input_shape: [null, 1, 3, 3] } },
    { class_name: 'Flatten', config: { name: 'flat' } },
  ],
};

test('a Keras 1 th weights-only file given with its JSON: kernels (filters, stack, rows, cols) -> (rows, cols, stack, filters)', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'w.h5');
  await keras1WeightsFile(path);
  const alone = await readKerasH5(path);
  assert.equal(alone.config, undefined, 'a weights-only file has no config');
  assert.deepEqual(alone.weights!.map((w) => w.shape), [[2, 1, 2, 2], [2]], 'without a config the weights are as stored');
  const weights = await readKerasWeightsH5(path, keras1Json);
  assert.deepEqual(weights.map((w) => [w.layer, w.name, w.shape]), [
    ['conv', 'conv_W', [2, 2, 1, 2]],
    ['conv', 'conv_b', [2]],
  ]);
  assert.deepEqual(Array.from(weights[0]!.values), [0, 4, 1, 5, 2, 6, 3, 7]);
  // Recorded as trained on theano: transposed, then flipped in space.
  await keras1WeightsFile(path, 'theano');
  const flipped = await readKerasWeightsH5(path, keras1Json);
  assert.deepEqual(Array.from(flipped[0]!.values), [3, 7, 2, 6, 1, 5, 0, 4]);
});

test('weights of a layer the JSON does not have are a UserError naming the layer', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'w.h5');
  await keras1WeightsFile(path);
  const other = { class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'dense_1' } }] };
  await assert.rejects(readKerasWeightsH5(path, other), userError(path, /no layer 'conv' \(the model's layers: dense_1\)/));
});

test('bad input: truncated, not HDF5, neither model nor weights, missing datasets, bad model_config', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const notH5 = join(dir, 'text.h5');
  writeFileSync(notH5, 'this is not HDF5\n'.repeat(40));
  await assert.rejects(readKerasH5(notH5), userError(notH5, /must be an HDF5 file as Keras writes it\. Received: Not an HDF5 file/));

  const empty = join(dir, 'empty.h5');
  writeFileSync(empty, await buildH5((file) => setStringAttribute(file, 'note', 'x')));
  await assert.rejects(readKerasH5(empty), userError(empty, /model_config and model_weights.*layer_names.*Received: neither/));

  const missing = join(dir, 'missing.h5');
  writeFileSync(missing, await buildH5((file) => {
    setStringAttribute(file, 'model_config', JSON.stringify(keras1Json));
    const weights = file.create_group('model_weights');
    setStringListAttribute(weights, 'layer_names', ['conv']);
    setStringListAttribute(weights.create_group('conv'), 'weight_names', ['conv_W']);
  }));
  await assert.rejects(readKerasH5(missing), userError(missing, /\/model_weights\/conv\/conv_W: the weight dataset 'conv_W' that layer 'conv' lists in weight_names must exist/));

  const badConfig = join(dir, 'config.h5');
  writeFileSync(badConfig, await buildH5((file) => {
    setStringAttribute(file, 'model_config', '{"class_name": ');
    setStringListAttribute(file.create_group('model_weights'), 'layer_names', []);
  }));
  await assert.rejects(readKerasH5(badConfig), (error: unknown) => error instanceof UserError && error.file === `${badConfig}: model_config attribute` && /line 1, column 16/.test(error.toLine()));
});

test('a truncated real file and a directory are UserErrors naming the file', async (t) => {
  if (absent) return t.skip(absent);
  const { dir, remove } = tempDir();
  t.after(remove);
  const bytes = readFileSync(shared('dl4j_cnn_batch_norm.h5'));
  const truncated = join(dir, 'truncated.h5');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(readKerasH5(truncated), userError(truncated, /must be an HDF5 file as Keras writes it\. Received: File has been truncated/));
  await assert.rejects(readKerasH5(dir), userError(dir, /Keras HDF5 file must be a regular file/));
});

/** Valid 3x3 correlation of x (5, 5, 5) with kernel[r][c][i][f] = 90r + 30c + 6i + f plus bias f: out (3, 3, 6). */
function directConvolution(x: Float32Array): number[] {
  const out: number[] = [];
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) for (let f = 0; f < 6; f++) {
    let sum = f;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let i = 0; i < 5; i++) {
      sum += x[((row + r) * 5 + col + c) * 5 + i]! * (90 * r + 30 * c + 6 * i + f);
    }
    out.push(sum);
  }
  return out;
}

for (const name of ['dl4j_conv2d_tensorflow_2.h5', 'dl4j_conv2d_tensorflow_1.h5']) {
  test(`a forward pass of ${name}'s model matches a direct convolution`, async (t) => {
    if (absent) return t.skip(absent);
    const model = await modelFromKerasFile(await readKerasH5(shared(name)));
    t.after(() => model.dispose());
    // Small integers: every product and sum is exact in float32, so the comparison can be exact.
    const x = Float32Array.from({ length: 125 }, (_, k) => (k % 7) - 3);
    const y = tf.tidy(() => Array.from((model.predict(tf.tensor(x, [1, 5, 5, 5])) as tf.Tensor).dataSync()));
    assert.deepEqual(y, directConvolution(x));
  });
}

test('a Keras 3 save_weights file (.weights.h5, layers/<key>/vars) given with its config: weights by layer name', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'm.weights.h5');
  writeFileSync(path, await buildH5((file) => {
    file.create_group('vars');
    writeFloat32Dataset(file, 'layers/dense/vars/0', [2, 1], Float32Array.from([1, 2]));
    writeFloat32Dataset(file, 'layers/dense/vars/1', [1], Float32Array.from([3]));
    writeFloat32Dataset(file, 'layers/dense_1/vars/0', [1, 1], Float32Array.from([4]));
  }));
  const config = {
    class_name: 'Sequential',
    config: {
      layers: [
        { class_name: 'InputLayer', config: { name: 'input_layer', batch_shape: [null, 2] } },
        { class_name: 'Dense', config: { name: 'hidden', units: 1 } },
        { class_name: 'Dense', config: { name: 'out', units: 1, use_bias: false } },
      ],
    },
  };
  const weights = await readKerasWeightsH5(path, config);
  assert.deepEqual(weights.map((w) => [w.layer, w.name, w.shape, Array.from(w.values)]), [
    ['hidden', 'layers/dense/vars/0', [2, 1], [1, 2]],
    ['hidden', 'layers/dense/vars/1', [1], [3]],
    ['out', 'layers/dense_1/vars/0', [1, 1], [4]],
  ]);
});

test('a Keras 2 file trained on theano (channels_first): the forward pass is the true convolution Theano computed', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'th.h5');
  const config = {
    class_name: 'Sequential',
    config: [{ class_name: 'Conv2D', config: { name: 'conv2d_1', filters: 1, kernel_size: [2, 2], strides: [1, 1], padding: 'valid', data_format: 'channels_first', activation: 'linear', use_bias: true, batch_input_shape: [null, 1, 3, 3] } }],
  };
  const kernel = [1, 2, 3, 4]; // (rows, cols, in, out) = (2, 2, 1, 1)
  writeFileSync(path, await buildH5((file) => {
    setStringAttribute(file, 'keras_version', '2.0.6');
    setStringAttribute(file, 'backend', 'theano');
    setStringAttribute(file, 'model_config', JSON.stringify(config));
    const weights = file.create_group('model_weights');
    setStringAttribute(weights, 'keras_version', '2.0.6');
    setStringAttribute(weights, 'backend', 'theano');
    setStringListAttribute(weights, 'layer_names', ['conv2d_1']);
    const layer = weights.create_group('conv2d_1');
    setStringListAttribute(layer, 'weight_names', ['conv2d_1/kernel:0', 'conv2d_1/bias:0']);
    writeFloat32Dataset(layer, 'conv2d_1/kernel:0', [2, 2, 1, 1], Float32Array.from(kernel));
    writeFloat32Dataset(layer, 'conv2d_1/bias:0', [1], Float32Array.from([0.5]));
  }));
  const read = await readKerasH5(path);
  assert.deepEqual(Array.from(read.weights![0]!.values), [4, 3, 2, 1], 'flipped in space');
  const model = await modelFromKerasFile(read);
  t.after(() => model.dispose());
  const x = [1, -2, 3, 0, 5, -1, 2, 2, -3];
  // True convolution: out[i][j] = b + sum_rc K[r][c] * x[i + 1 - r][j + 1 - c].
  const expected: number[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
    let sum = 0.5;
    for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) sum += kernel[r * 2 + c]! * x[(i + 1 - r) * 3 + (j + 1 - c)]!;
    expected.push(sum);
  }
  const y = tf.tidy(() => Array.from((model.predict(tf.tensor(x, [1, 1, 3, 3])) as tf.Tensor).dataSync()));
  assert.deepEqual(y, expected);
});
