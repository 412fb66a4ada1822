import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KERAS2_BACKEND, KERAS2_VERSION, keras2ModelConfig, keras2TrainingConfig } from '../../../src/keras/write/keras2-config.js';
import { smallModel } from '../../helpers/small-model.js';

const compile = (name: 'adadelta' | 'adam' | 'sgd' | 'rmsprop', config: Record<string, number | boolean> = {}) => ({ optimizer: { name, config }, loss: 'categorical_crossentropy' as const, metrics: ['accuracy'] as ('accuracy' | 'acc')[] });

test('model_config is tfjs’s own Keras JSON without its version keys', async () => {
  const model = await smallModel();
  const config = keras2ModelConfig(model) as { class_name: string; config: { name: string; layers: { class_name: string; config: { name: string } }[] } };
  assert.deepEqual(Object.keys(config), ['class_name', 'config']);
  assert.equal(config.class_name, 'Sequential');
  assert.deepEqual(config.config.layers.map((l) => l.config.name), ['conv2d_1', 'batch_normalization_1', 'activation_1', 'max_pooling2d_1', 'flatten_1', 'dense_1']);
  const full = model.toJSON(null, false) as unknown as Record<string, unknown>;
  assert.ok('keras_version' in full, 'tfjs adds it; the file keeps it as an attribute instead');
  assert.deepEqual([KERAS2_VERSION, KERAS2_BACKEND], ['2.2.4', 'tensorflow']);
  model.dispose();
});

test('each optimizer is written as Keras 2.2 serialises it: lr, decay always, the epsilon setting', () => {
  assert.deepEqual(keras2TrainingConfig(compile('adadelta'))!.optimizer_config, { class_name: 'Adadelta', config: { lr: 1, rho: 0.95, decay: 0, epsilon: 1e-7 } });
  assert.deepEqual(keras2TrainingConfig(compile('adam', { learning_rate: 0.01, decay: 0.001 }), 1e-8)!.optimizer_config, {
    class_name: 'Adam',
    config: { lr: 0.01, beta_1: 0.9, beta_2: 0.999, decay: 0.001, epsilon: 1e-8, amsgrad: false },
  });
  assert.deepEqual(keras2TrainingConfig(compile('sgd', { momentum: 0.9, nesterov: true }))!.optimizer_config, { class_name: 'SGD', config: { lr: 0.01, momentum: 0.9, decay: 0, nesterov: true } });
  assert.deepEqual(keras2TrainingConfig(compile('rmsprop', { epsilon: 1e-4 }))!.optimizer_config, { class_name: 'RMSprop', config: { lr: 0.001, rho: 0.9, decay: 0, epsilon: 1e-4 } });
});

test('the rest of training_config is the compile section as Keras writes it', () => {
  const spec = compile('sgd');
  const config = keras2TrainingConfig(spec)!;
  assert.deepEqual({ ...config, optimizer_config: undefined }, { optimizer_config: undefined, loss: 'categorical_crossentropy', metrics: ['accuracy'], sample_weight_mode: null, loss_weights: null });
  assert.notEqual(config.metrics, spec.metrics, 'a copy: the spec is not shared');
});

test('Keras 2.2 has no RMSprop momentum: no training_config rather than one Keras cannot load', () => {
  const config = keras2TrainingConfig({ optimizer: { name: 'rmsprop', config: { momentum: 0.9 } }, loss: 'mse', metrics: [] });
  assert.equal(config, undefined);
});
