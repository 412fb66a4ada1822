import assert from 'node:assert/strict';
import { test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { savedLayers } from '../../../src/keras/write/saved-layers.js';
import { expectedValues, smallModel } from '../../helpers/small-model.js';

test('a Sequential model’s layers in Keras order, each weight under its short name with its values', async () => {
  const model = await smallModel();
  const layers = savedLayers(model);
  assert.deepEqual(layers.map((l) => [l.name, l.className, l.weights.map((w) => w.name)]), [
    ['conv2d_1', 'Conv2D', ['kernel', 'bias']],
    ['batch_normalization_1', 'BatchNormalization', ['gamma', 'beta', 'moving_mean', 'moving_variance']],
    ['activation_1', 'Activation', []],
    ['max_pooling2d_1', 'MaxPooling2D', []],
    ['flatten_1', 'Flatten', []],
    ['dense_1', 'Dense', ['kernel', 'bias']],
  ]);
  // model.weights lists trainable weights first; a layer's own list keeps moving_mean after beta.
  const own = model.layers.flatMap((layer) => layer.weights);
  layers.flatMap((l) => l.weights).forEach((weight, i) => {
    assert.deepEqual(weight.shape, own[i]!.shape);
    const index = model.weights.indexOf(own[i]!);
    assert.deepEqual(weight.values, expectedValues(index, weight.shape), weight.name);
  });
  model.dispose();
});

test('a functional model keeps its InputLayer, as Keras lists it in layer_names', async () => {
  await smallModel();
  const input = tf.input({ shape: [3], name: 'in' });
  const output = tf.layers.dense({ units: 2, name: 'd' }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  assert.deepEqual(savedLayers(model).map((l) => [l.name, l.className, l.weights.length]), [['in', 'InputLayer', 0], ['d', 'Dense', 2]]);
  model.dispose();
});
