import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateKerasLayer } from '../../../src/keras/read/keras-layer.js';
import { checkKerasWeightBudget } from '../../../src/keras/read/weight-budget.js';
import { userError } from '../../helpers/user-error.js';

const layers = (raw: unknown[]) => raw.map((layer, i) => translateKerasLayer(layer, i, 'm.json'));
const conv = { class_name: 'Convolution2D', config: { name: 'c', nb_filter: 32, nb_row: 3, nb_col: 3, dim_ordering: 'th', batch_input_shape: [null, 1, 28, 28] } };

test('weights are counted from the config, channels-first included, before anything is built', () => {
  const model = layers([conv, { class_name: 'LeakyReLU', config: { name: 'l', alpha: 0.3 } }, { class_name: 'Flatten', config: { name: 'f' } }, { class_name: 'Dense', config: { name: 'd', output_dim: 10 } }]);
  assert.equal(checkKerasWeightBudget(model, 'm.json'), 320 + 32 * 26 * 26 * 10 + 10);
});

test('a file claiming a billion-unit Dense is refused without allocating', () => {
  const huge = layers([{ class_name: 'Dense', config: { name: 'big', units: 1e9, batch_input_shape: [null, 100000] } }]);
  assert.throws(() => checkKerasWeightBudget(huge, 'm.json'), userError(/^m\.json: layer "big" \(Dense\) brings the model to 100,001,000,000,000 weights; kerasts builds at most 536,870,912 \(MAX_KERAS_WEIGHT_ELEMENTS/, 'KERAS_MODEL_TOO_LARGE'));
});

test('the input shape must be dimensions; counting stops where the registry cannot follow', () => {
  assert.throws(() => checkKerasWeightBudget(layers([{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: ['a', 3] } }]), 'm.json'), userError(/the first layer \("d"\) has input shape \["a",3\]; each dimension must be null or a positive integer/, 'KERAS_MODEL_INVALID'));
  assert.throws(() => checkKerasWeightBudget(layers([{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, -3] } }]), 'm.json'), userError(/\[null,-3\]/));
  // Keras 2 applies Dense to the last axis of a 4-D input, which kerasts's spec rules refuse: counting stops there.
  const dense4d = layers([conv, { class_name: 'Dense', config: { name: 'd', units: 4 } }, { class_name: 'Dense', config: { name: 'd2', units: 1e9 } }]);
  assert.equal(checkKerasWeightBudget(dense4d, 'm.json'), 320);
});

test('shape problems Keras itself refuses are reported naming the layer', () => {
  const reshape = layers([{ class_name: 'Dense', config: { name: 'd', units: 2, input_dim: 4 } }, { class_name: 'Reshape', config: { name: 'r', target_shape: [3] } }]);
  assert.throws(() => checkKerasWeightBudget(reshape, 'm.json'), userError(/^m\.json: layer "r" \(Reshape\): /, 'KERAS_MODEL_INVALID'));
  const window = layers([{ ...conv, config: { ...conv.config, nb_row: 30, nb_col: 30 } }]);
  assert.throws(() => checkKerasWeightBudget(window, 'm.json'), userError(/^m\.json: layer "c" \(Conv2D\): /));
  const flat = layers([{ class_name: 'Dense', config: { name: 'd', units: 2, input_dim: 4 } }, { class_name: 'MaxPooling2D', config: { name: 'p', pool_size: [2, 2] } }]);
  assert.throws(() => checkKerasWeightBudget(flat, 'm.json'), userError(/layer "p" \(MaxPooling2D\)/));
  const crop = layers([conv, { class_name: 'Cropping2D', config: { name: 'k', cropping: [[13, 13], [0, 0]], dim_ordering: 'th' } }]);
  assert.throws(() => checkKerasWeightBudget(crop, 'm.json'), userError(/^m\.json: layer "k" \(Cropping2D\): cropping \[\[13,13\],\[0,0\]\] must leave at least one row/));
});
