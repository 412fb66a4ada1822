import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../src/util/tfjs.cjs';
import { initBackend } from '../../src/backend/select.js';
import { makeOptimizer } from '../../src/model/compile.js';
import { parseSpec } from '../../src/spec/load.js';

before(() => initBackend('cpu'));

const optimizerOf = (optimizer: unknown) =>
  makeOptimizer(parseSpec({ dataset: 'mnist', model: { layers: [{ type: 'Dense', units: 2, input_shape: [3] }] }, compile: { optimizer } }).compile.optimizer);

/** Runs `steps` updates of loss = sum(x) (gradient 1 everywhere) and returns x. */
function descend(optimizer: tf.Optimizer, steps: number, start = 0): number {
  const x = tf.variable(tf.scalar(start));
  for (let i = 0; i < steps; i++) optimizer.minimize(() => x.mul(1) as tf.Scalar, false, [x]);
  const value = x.dataSync()[0]!;
  x.dispose();
  return value;
}

test("decay scales the learning rate per update as Keras 2: lr / (1 + decay * iterations)", () => {
  const sgd = optimizerOf({ class_name: 'SGD', config: { learning_rate: 0.1, decay: 0.5 } });
  assert.equal(sgd.getClassName(), 'KerasDecaySGD');
  // Updates 0, 1, 2 use 0.1, 0.1/1.5, 0.1/2.
  assert.ok(Math.abs(descend(sgd, 3) - -(0.1 + 0.1 / 1.5 + 0.1 / 2)) < 1e-6);
  assert.equal(optimizerOf({ class_name: 'SGD', config: { learning_rate: 0.1 } }).getClassName(), 'SGD', 'no decay keeps the stock class');
});

test('RMSprop with decay (the cifar10_cnn optimizer) starts as plain RMSprop, then steps shrink; its config round-trips', () => {
  const plain = optimizerOf({ class_name: 'RMSprop', config: { learning_rate: 0.01 } });
  const decayed = optimizerOf({ class_name: 'RMSprop', config: { learning_rate: 0.01, decay: 0.9 } });
  assert.equal(decayed.getClassName(), 'KerasDecayRMSProp');
  assert.ok(Math.abs(descend(plain, 1) - descend(decayed, 1)) < 1e-7, 'update 0 is undecayed');
  const a = optimizerOf({ class_name: 'RMSprop', config: { learning_rate: 0.01 } });
  const b = optimizerOf({ class_name: 'RMSprop', config: { learning_rate: 0.01, decay: 0.9 } });
  assert.ok(Math.abs(descend(b, 5)) < Math.abs(descend(a, 5)), 'later updates are smaller');

  const config = b.getConfig();
  assert.equal(config.learningRate, 0.01, 'the initial rate is saved, not the decayed one');
  assert.equal(config.kerasDecay, 0.9);
  const cls = tf.serialization.SerializationMap.getMap().classNameMap.KerasDecayRMSProp!;
  const restored = cls[1](cls[0], config) as tf.Optimizer & { kerasDecay: number };
  assert.equal(restored.kerasDecay, 0.9);
});

test("decay leaves RMSprop's rho alone (tfjs names rho `decay`; Keras's decay once overwrote it)", () => {
  const spec = (decay?: number) => ({ class_name: 'RMSprop', config: { learning_rate: 0.01, rho: 0.8, decay } });
  const decayed = optimizerOf(spec(1e-6));
  assert.equal(decayed.getConfig().decay, 0.8, 'the saved config keeps rho');
  assert.equal(decayed.getConfig().kerasDecay, 1e-6);
  // Update 0 is undecayed and update 1 barely decayed: plain RMSprop with rho 0.8 (with rho 1e-6 each step is ~0.01, not ~0.022).
  const x = descend(decayed, 2, 0);
  const y = descend(optimizerOf(spec()), 2, 0);
  assert.ok(Math.abs(x - y) < 1e-5 * Math.abs(y), `decayed ${x}, plain ${y}`);
});
