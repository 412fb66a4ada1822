import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { buildModel } from '../../src/model/build.js';
import { compileArgs, compileModel, makeOptimizer } from '../../src/model/compile.js';
import { initBackend } from '../../src/backend/select.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';

before(() => initBackend('cpu'));

const compileOf = (compile: unknown) => parseSpec({ dataset: 'mnist', model: { layers: [{ type: 'Dense', units: 2, input_shape: [3] }] }, compile }).compile;

test('the default optimizer is Adadelta(1.0, rho 0.95, epsilon 1e-7) as in the classic example', () => {
  const optimizer = makeOptimizer(compileOf({}).optimizer);
  assert.equal(optimizer.getClassName(), 'KerasAdadelta');
  assert.deepEqual(optimizer.getConfig(), { learningRate: 1.0, rho: 0.95, epsilon: 1e-7 });
});

test('optimizer names and configs map to tfjs optimizers', () => {
  const config = (compile: unknown) => {
    const optimizer = makeOptimizer(compileOf(compile).optimizer);
    return [optimizer.getClassName(), optimizer.getConfig()];
  };
  assert.deepEqual(config({ optimizer: 'adam' }), ['Adam', { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }]);
  assert.deepEqual(config({ optimizer: 'sgd' }), ['SGD', { learningRate: 0.01 }]);
  assert.deepEqual(config({ optimizer: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9, nesterov: true } } }), [
    'Momentum',
    { learningRate: 0.1, momentum: 0.9, useNesterov: true },
  ]);
  const [name, rms] = config({ optimizer: { name: 'RMSprop', config: { learning_rate: 0.002 } } });
  assert.equal(name, 'RMSProp');
  assert.equal((rms as { learningRate: number }).learningRate, 0.002);
});

test('Keras loss names become tfjs identifiers; metrics pass through', () => {
  assert.equal(compileArgs(compileOf({})).loss, 'categoricalCrossentropy');
  assert.equal(compileArgs(compileOf({ loss: 'sparse_categorical_crossentropy' })).loss, 'sparseCategoricalCrossentropy');
  assert.equal(compileArgs(compileOf({ loss: 'mse' })).loss, 'meanSquaredError');
  assert.deepEqual(compileArgs(compileOf({ metrics: ['acc'] })).metrics, ['acc']);
});

test('a compiled model trains one step and reports accuracy', async () => {
  const spec = parseSpec({ dataset: 'mnist', model: { layers: [{ type: 'Dense', units: 2, activation: 'softmax', input_shape: [3] }] } });
  const model = buildModel(spec.model as ModelSpec, { imageDimOrdering: 'tf', seed: 1 });
  compileModel(model, spec.compile);
  const xs = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
  const ys = tf.tensor2d([[1, 0], [0, 1]]);
  const history = await model.fit(xs, ys, { epochs: 2, verbose: 0 });
  assert.ok(Array.isArray(history.history.acc) || Array.isArray(history.history.accuracy));
  assert.ok((history.history.loss[1] as number) < (history.history.loss[0] as number));
  tf.dispose([xs, ys]);
  model.dispose();
});

test('the epsilon setting is the optimizers\' default epsilon, as K.epsilon() is in Keras; the spec wins', () => {
  assert.equal(makeOptimizer(compileOf({}).optimizer, 1e-4).getConfig().epsilon, 1e-4);
  assert.equal(makeOptimizer(compileOf({ optimizer: 'adam' }).optimizer, 1e-4).getConfig().epsilon, 1e-4);
  const explicit = compileOf({ optimizer: { class_name: 'Adadelta', config: { epsilon: 1e-6 } } }).optimizer;
  assert.equal(makeOptimizer(explicit, 1e-4).getConfig().epsilon, 1e-6);
});
