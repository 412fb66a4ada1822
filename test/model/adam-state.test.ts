import { test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { restoreAdamPowers, runningPower } from '../../src/model/adam-state.js';

type WithPowers = { accBeta1: tf.Variable; accBeta2: tf.Variable };

test('a reloaded Adam has the beta powers of the one that trained, to the last bit', async () => {
  await tf.setBackend('cpu');
  const x = tf.variable(tf.tensor1d([0.3, -1.2, 2.5]));
  const trained = tf.train.adam(0.01, 0.9, 0.999);
  const steps = 90;
  for (let i = 0; i < steps; i++) trained.minimize(() => tf.sum(tf.square(x)) as tf.Scalar, false, [x]);
  const powers = (o: tf.Optimizer) => [(o as unknown as WithPowers).accBeta1.dataSync()[0], (o as unknown as WithPowers).accBeta2.dataSync()[0]];
  const reloaded = tf.train.adam(0.01, 0.9, 0.999);
  await reloaded.setWeights(await trained.getWeights());
  // tfjs's own setWeights recomputes them with pow: not what training reached (the bug this fixes).
  assert.notDeepEqual(powers(reloaded), powers(trained), 'pow(beta, t+1) differs from the running product here');
  restoreAdamPowers(reloaded);
  assert.deepEqual(powers(reloaded), powers(trained));
  assert.equal(runningPower(0.9, 0), Math.fround(0.9));
  restoreAdamPowers(tf.train.sgd(0.1)); // Not Adam: nothing to do.
});
