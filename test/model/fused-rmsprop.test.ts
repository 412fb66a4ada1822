import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { initBackend } from '../../src/backend/select.js';
import { FusedRMSProp, registerFusedRMSProp } from '../../src/model/fused-rmsprop.js';

// Bit-for-bit equality with tfjs's own update on each backend: test/backend/wasm/rmsprop-update.test.ts.
before(() => initBackend('wasm'));

/** Steps of loss = sum((w - target)^2) from `start`; the weights after. */
function descend(optimizer: tf.Optimizer, w: tf.Variable, steps: number): number[] {
  for (let s = 0; s < steps; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, [3, -1, 0.5, 2, 0]))) as tf.Scalar, false, [w]);
  return Array.from(w.dataSync());
}

test("FusedRMSProp is tfjs's RMSProp to a checkpoint: class name, config, weight names and order", async () => {
  const fused = new FusedRMSProp(0.01, 0.8, 0.5, 1e-7);
  const stock = tf.train.rmsprop(0.01, 0.8, 0.5, 1e-7);
  assert.ok(fused instanceof tf.RMSPropOptimizer);
  assert.equal(fused.getClassName(), 'RMSProp');
  assert.deepEqual(fused.getConfig(), stock.getConfig());
  const a = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedrms_a');
  const b = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedrms_b');
  assert.deepEqual(descend(fused, a, 3), descend(stock, b, 3), 'the same values as tfjs on wasm');
  const names = (await fused.getWeights()).map((entry) => entry.name);
  assert.deepEqual(names, ['iter', 'fusedrms_a/rms', 'fusedrms_a/momentum']);
  assert.deepEqual((await stock.getWeights()).map((entry) => entry.name), ['iter', 'fusedrms_b/rms', 'fusedrms_b/momentum']);
  tf.dispose([a, b]);
  fused.dispose();
  stock.dispose();
});

test('a FusedRMSProp restored from getWeights continues exactly as the one that kept running', async () => {
  const running = new FusedRMSProp(0.01, 0.9, 0.9, 1e-7);
  const w = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedrms_resume');
  descend(running, w, 2);
  const saved = await running.getWeights();
  const atSave = Array.from(w.dataSync());
  registerFusedRMSProp();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.RMSProp!;
  assert.equal(cls, FusedRMSProp, "'RMSProp' in a checkpoint loads as the fused class");
  const restored = fromConfig(cls, running.getConfig()) as unknown as tf.Optimizer;
  await restored.setWeights(saved.map((entry) => ({ name: entry.name, tensor: tf.clone(entry.tensor) })));
  assert.equal(restored.iterations, 2);
  const kept = descend(running, w, 3);
  w.assign(tf.tensor1d(atSave));
  assert.deepEqual(descend(restored, w, 3), kept);
  const [keptWeights, restoredWeights] = await Promise.all([running.getWeights(), restored.getWeights()]);
  for (let k = 1; k < 3; k++) assert.deepEqual(restoredWeights[k]!.tensor.dataSync(), keptWeights[k]!.tensor.dataSync(), keptWeights[k]!.name);
  w.dispose();
  running.dispose();
  restored.dispose();
});

test("centered RMSprop runs tfjs's own update (its mean-gradient slot included)", async () => {
  const fused = new FusedRMSProp(0.01, 0.9, 0, 1e-7, true);
  const stock = tf.train.rmsprop(0.01, 0.9, 0, 1e-7, true);
  const a = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedrms_centered_a');
  const b = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedrms_centered_b');
  assert.deepEqual(descend(fused, a, 3), descend(stock, b, 3));
  assert.deepEqual((await fused.getWeights()).map((entry) => entry.name), ['iter', 'fusedrms_centered_a/rms', 'fusedrms_centered_a/momentum', 'fusedrms_centered_a/mg']);
  tf.dispose([a, b]);
  fused.dispose();
  stock.dispose();
});
