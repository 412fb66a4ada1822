import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../src/util/tfjs.cjs';
import { initBackend } from '../../src/backend/select.js';
import { LOSS_NAMES } from '../../src/spec/defaults.js';
import { LAYER_CLASSES, LAYER_REGISTRY } from '../../src/spec/layers/registry.js';
import { KERAS_NAME_PREFIX, TFJS_LOSSES, toTfjsLayer } from '../../src/spec/to-tfjs.js';

before(() => initBackend('cpu'));

test('toTfjsLayer builds the class named, under the name and input shape given', () => {
  const layer = toTfjsLayer({ class_name: 'Dense', config: { units: 3, activation: 'relu', use_bias: true, kernel_initializer: 'zeros', bias_initializer: 'zeros' } }, {
    name: 'logits',
    dataFormat: 'channels_last',
    inputShape: [4],
    input: [null, 4],
  });
  assert.equal(layer.getClassName(), 'Dense');
  assert.equal(layer.name, 'logits');
  assert.deepEqual(layer.batchInputShape, [null, 4]);
  const config = layer.getConfig();
  assert.equal(config.units, 3);
  assert.equal(config.activation, 'relu');
});

test('every Keras loss name maps to a loss tfjs can compile and evaluate', () => {
  for (const name of LOSS_NAMES) {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'sigmoid', kernelInitializer: 'zeros' })] });
    model.compile({ optimizer: 'sgd', loss: TFJS_LOSSES[name] });
    // The sparse loss takes class indices, the others one-hot targets.
    const target = name === 'sparse_categorical_crossentropy' ? tf.tensor2d([[0]]) : tf.tensor2d([[1, 0]]);
    const loss = tf.tidy(() => (model.evaluate(tf.tensor2d([[1, 0]]), target) as tf.Scalar).dataSync()[0]!);
    target.dispose();
    assert.ok(Number.isFinite(loss) && loss > 0, `${name} → ${TFJS_LOSSES[name]}: ${loss}`);
    model.dispose();
  }
  assert.equal(TFJS_LOSSES.mse, TFJS_LOSSES.mean_squared_error);
  assert.equal(TFJS_LOSSES.mae, TFJS_LOSSES.mean_absolute_error);
});

test('automatic name prefixes are the registry entries’ (Keras 2 snake_case)', () => {
  for (const className of LAYER_CLASSES) assert.equal(KERAS_NAME_PREFIX[className], LAYER_REGISTRY[className].namePrefix);
  assert.equal(KERAS_NAME_PREFIX.Conv2D, 'conv2d');
  assert.equal(KERAS_NAME_PREFIX.GlobalAveragePooling2D, 'global_average_pooling2d');
});
