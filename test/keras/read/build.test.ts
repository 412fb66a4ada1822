import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tf from '../../../src/util/tfjs.cjs';
import { before, test } from 'node:test';
import { modelFromKerasFile } from '../../../src/keras/read/build.js';
import type { KerasWeight } from '../../../src/keras/read/keras-file.js';
import { readKerasFile } from '../../../src/keras/read/index.js';
import { readKerasJson } from '../../../src/keras/read/json-file.js';
import { kerasH5Bytes } from '../../../src/keras/write/h5-write.js';
import { formatShape } from '../../../src/model/shape-checks.js';
import { KerastsConv2D } from '../../../src/spec/layers/conv2d.js';
import { summarizeModel } from '../../../src/model/summary.js';
import { KERAS_JSON_MODELS, KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../../helpers/keras-fixtures.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

for (const { file, params, firstShape } of KERAS_JSON_MODELS) {
  test(`${file} builds with ${params} parameters, first output ${firstShape}`, async (t) => {
    if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
    const model = await modelFromKerasFile(await readKerasJson(kerasModel(file), file));
    t.after(() => model.dispose());
    const summary = summarizeModel(model);
    assert.equal(summary.totalParams, params);
    assert.equal(formatShape(summary.layers[0]!.outputShape), firstShape);
  });
}

/** A Keras 1 Theano-ordered model: Convolution2D (2 filters, 2x2) on (1, 3, 3), Flatten, Dense(1). */
const thConfig = {
  class_name: 'Sequential',
  config: [
    { class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 2, nb_row: 2, nb_col: 2, dim_ordering: 'th', border_mode: 'valid', activation: 'linear', batch_input_shape: [null, 1, 3, 3] } },
    { class_name: 'Flatten', config: { name: 'flatten_1' } },
    { class_name: 'Dense', config: { name: 'dense_1', output_dim: 1, input_dim: 8 } },
  ],
};
const kernel = Float32Array.from({ length: 8 }, (_, i) => i); // (rows, cols, in, out) = (2, 2, 1, 2)
const dense = Float32Array.from({ length: 8 }, (_, i) => 10 ** (i % 4) * (i < 4 ? 1 : -1));
const thWeights = (): KerasWeight[] => [
  { layer: 'convolution2d_1', name: 'convolution2d_1_W', shape: [2, 2, 1, 2], values: kernel },
  { layer: 'convolution2d_1', name: 'convolution2d_1_b', shape: [2], values: Float32Array.of(0.5, -1) },
  { layer: 'dense_1', name: 'dense_1_W', shape: [8, 1], values: dense },
  { layer: 'dense_1', name: 'dense_1_b', shape: [1], values: Float32Array.of(3) },
];

test('a channels-first model runs channels-first with the given weights; Flatten takes (C, H, W) order', async (t) => {
  const model = await modelFromKerasFile({ file: 'th.json', config: thConfig, weights: thWeights() });
  t.after(() => model.dispose());
  const x = Float32Array.from({ length: 9 }, (_, i) => i + 1);
  // Direct convolution, channels first: out[f][i][j] = sum_rc x[i+r][j+c] * K[r][c][0][f] + b[f].
  const flat: number[] = [];
  for (let f = 0; f < 2; f++) {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let sum = f === 0 ? 0.5 : -1;
        for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) sum += x[(i + r) * 3 + j + c]! * kernel[(r * 2 + c) * 2 + f]!;
        flat.push(sum);
      }
    }
  }
  const expected = flat.reduce((sum, v, k) => sum + v * dense[k]!, 3);
  const y = tf.tidy(() => (model.predict(tf.tensor(x, [1, 1, 3, 3])) as tf.Tensor).dataSync()[0]);
  assert.equal(y, Math.fround(expected));
  assert.deepEqual(model.getLayer('convolution2d_1').outputShape, [null, 2, 2, 2]);
  // kerasts's Conv2D (no image gradient in training), as a model built from a spec has.
  assert.ok(model.getLayer('convolution2d_1') instanceof KerastsConv2D);
});

test('weights that do not match the topology are exit 2 naming the file and the weight', async () => {
  const [w, b, dw, db] = thWeights();
  const weights = [{ ...w!, shape: [2, 1, 2, 2] }, b!, dw!, db!];
  await assert.rejects(modelFromKerasFile({ file: 'th.json', config: thConfig, weights }), userError(/^th\.json: convolution2d_1_W: the weight convolution2d_1_W has shape \[2, 1, 2, 2\]; layer "convolution2d_1" \(Conv2D\) expects \[2, 2, 1, 2\]/, 'KERAS_WEIGHTS_MISMATCH'));
});

test('a weights-only file and a config tfjs-layers refuses are exit 2', async () => {
  await assert.rejects(modelFromKerasFile({ file: 'w.h5', config: undefined }), userError(/^w\.h5: holds weights only, no model config/));
  const bad = { class_name: 'Sequential', config: [{ class_name: 'Conv2D', config: { name: 'c', filters: 1, kernel_size: 2, padding: 'sideways', batch_input_shape: [null, 3, 3, 1] } }] };
  await assert.rejects(modelFromKerasFile({ file: 'bad.json', config: bad }), userError(/^bad\.json: tfjs-layers cannot build this Keras model: .*sideways/, 'KERAS_MODEL_INVALID'));
});

test('a Keras 3 Sequential config (module/registered_name objects, DTypePolicy, InputLayer batch_shape) builds', async (t) => {
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const init = (className: string) => ({ module: 'keras.initializers', class_name: className, config: { seed: null }, registered_name: null });
  const layer = (className: string, config: Record<string, unknown>) => ({ module: 'keras.layers', class_name: className, config: { trainable: true, dtype: policy, ...config }, registered_name: null });
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      trainable: true,
      dtype: policy,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8, 8, 1], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
        layer('Conv2D', { name: 'conv2d', filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null }),
        layer('LeakyReLU', { name: 'leaky_re_lu', negative_slope: 0.2 }),
        layer('Flatten', { name: 'flatten', data_format: 'channels_last' }),
        layer('Dense', { name: 'dense', units: 3, activation: 'softmax', use_bias: true, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), lora_rank: null }),
      ],
      build_input_shape: [null, 8, 8, 1],
    },
  };
  const model = await modelFromKerasFile({ file: 'config.json', config, kerasVersion: '3.3.3' });
  t.after(() => model.dispose());
  assert.deepEqual(model.layers.map((l) => l.getClassName()), ['Conv2D', 'LeakyReLU', 'Flatten', 'Dense']);
  assert.equal(model.countParams(), 3 * 3 * 2 + 2 + 6 * 6 * 2 * 3 + 3);
  assert.equal((model.getLayer('leaky_re_lu').getConfig() as { alpha: number }).alpha, 0.2);
  // Without the InputLayer, the Sequential's build_input_shape gives the input.
  const withoutInput = { ...config, config: { ...config.config, layers: config.config.layers.slice(1) } };
  const built = await modelFromKerasFile({ file: 'config.json', config: withoutInput });
  t.after(() => built.dispose());
  assert.deepEqual(built.inputs[0]!.shape, [null, 8, 8, 1]);
});

test('a Keras 2 channels_first SeparableConv2D (depth_multiplier 2, bias) builds with Keras\'s count, predicts, and keeps its multiplier through a written .h5', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await modelFromKerasFile(await readKerasJson('test/fixtures/keras/keras2-separable-th.json', 'sep.json'));
  t.after(() => model.dispose());
  // 3*3*3*2 depthwise + 6*4 pointwise + 4 bias = 82, as Keras counts it.
  assert.equal(summarizeModel(model).layers[0]!.params, 82);
  const x = tf.ones([2, 3, 8, 8]);
  const y = model.predict(x) as tf.Tensor;
  assert.deepEqual(y.shape, [2, 10]);
  writeFileSync(join(dir, 'sep.h5'), await kerasH5Bytes(model));
  const back = await modelFromKerasFile(await readKerasFile(join(dir, 'sep.h5'), 'sep.h5'));
  t.after(() => back.dispose());
  assert.equal(back.countParams(), model.countParams());
  const z = back.predict(x) as tf.Tensor;
  assert.deepEqual(Array.from(await z.data()), Array.from(await y.data()));
  tf.dispose([x, y, z]);
});
