import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { buildModel } from '../../../src/model/build.js';
import { translateLayer } from '../../../src/spec/keras1.js';
import { registerLayerClasses } from '../../../src/spec/layers/registry.js';
import { assertBuildError, assertConfigError, configOf, layersOf, spatialTests } from '../../helpers/layer-case.js';
import { values } from '../../backend/compare.js';

before(() => initBackend('cpu'));

// Keras's count: k*k*in*dm (depthwise) + in*dm*filters (pointwise) + filters (bias).
spatialTests([
  ['SeparableConv2D 3x3 valid', { class_name: 'SeparableConv2D', config: { filters: 8, kernel_size: 3 } }, [10, 10, 4], [8, 8, 8], 3 * 3 * 4 + 4 * 8 + 8],
  ['SeparableConv2D 3x3 same stride 2, multiplier 2', { class_name: 'SeparableConv2D', config: { filters: 5, kernel_size: 3, strides: 2, padding: 'same', depth_multiplier: 2 } }, [9, 8, 3], [5, 4, 5], 3 * 3 * 6 + 6 * 5 + 5],
  ['SeparableConv2D 5x3 no bias', { class_name: 'SeparableConv2D', config: { filters: 2, kernel_size: [5, 3], use_bias: false } }, [7, 7, 1], [3, 5, 2], 15 + 2],
]);

test('SeparableConv2D fills the Keras defaults', () => {
  assert.deepEqual(configOf({ class_name: 'SeparableConv2D', config: { filters: 4, kernel_size: 3 } }), {
    filters: 4, kernel_size: 3, strides: 1, padding: 'valid', depth_multiplier: 1, activation: 'linear', use_bias: true,
    depthwise_initializer: 'glorot_uniform', pointwise_initializer: 'glorot_uniform', bias_initializer: 'zeros',
  });
  assertConfigError({ class_name: 'SeparableConv2D', config: { kernel_size: 3 } }, /model\.layers\[0\]\.config\.filters/);
  assertConfigError({ class_name: 'SeparableConv2D', config: { filters: 4, kernel_size: 3, depth_multiplier: 0 } }, /model\.layers\[0\]\.config\.depth_multiplier must be a positive integer/);
  assertConfigError({ class_name: 'SeparableConv2D', config: { filters: 4, kernel_size: 3, dilation_rate: 2 } }, /dilation_rate/);
});

test('SeparableConv2D larger than its input is refused before tfjs builds it', () => {
  assertBuildError([{ class_name: 'SeparableConv2D', config: { filters: 2, kernel_size: 5 } }], [4, 4, 1], 'tf', /model\.layers\[0\] \(separable_conv2d_1, SeparableConv2D\): kernel_size \(5, 5\) must fit/);
});

test('Keras 1 SeparableConvolution2D is translated (nb_filter, nb_row/nb_col, border_mode, dim_ordering)', () => {
  const { layer } = translateLayer({ class_name: 'SeparableConvolution2D', config: { nb_filter: 4, nb_row: 3, nb_col: 2, border_mode: 'same', dim_ordering: 'th' } }, ['model', 'layers', 0]);
  assert.deepEqual(layer, { class_name: 'SeparableConv2D', config: { filters: 4, kernel_size: [3, 2], padding: 'same', data_format: 'channels_first' } });
});

/** The model of one SeparableConv2D (with a bias) under an ordering, its weights set to fixed values. */
function separable(ordering: 'tf' | 'th'): tf.LayersModel {
  const model = buildModel(layersOf([{ class_name: 'SeparableConv2D', config: { filters: 3, kernel_size: 3, padding: 'same', depth_multiplier: 2, activation: 'relu' } }]), {
    imageDimOrdering: ordering,
    inputShape: ordering === 'tf' ? [5, 4, 2] : [2, 5, 4],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, 30 + i), w.shape)));
  return model;
}

test('a channels_first SeparableConv2D with a bias computes what the channels_last one does (tfjs-layers 4.22 fails there)', async () => {
  const x = tf.tensor4d(values(2 * 5 * 4 * 2, 7), [2, 5, 4, 2]);
  const tfModel = separable('tf');
  const thModel = separable('th');
  const yTf = tfModel.predict(x) as tf.Tensor;
  const yTh = thModel.predict(tf.transpose(x, [0, 3, 1, 2])) as tf.Tensor;
  const back = tf.transpose(yTh, [0, 2, 3, 1]);
  assert.deepEqual(back.shape, yTf.shape);
  const [a, b] = [await yTf.data(), await back.data()];
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5, `element ${i}: ${v} vs ${b[i]}`));
  assert.ok(a.some((v) => v > 0), 'the output is not all zeros');
  tf.dispose([x, yTf, yTh, back]);
  tfModel.dispose();
  thModel.dispose();
});

test('a saved channels_first SeparableConv2D loads back as the fixed class and predicts the same', async () => {
  registerLayerClasses();
  const model = separable('th');
  const loaded = await tf.models.modelFromJSON(model.toJSON(null, false) as unknown as tf.io.ModelJSON);
  loaded.setWeights(model.getWeights());
  const x = tf.tensor4d(values(2 * 2 * 5 * 4, 9), [2, 2, 5, 4]);
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.dispose();
});
