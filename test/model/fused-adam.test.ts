import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { initBackend } from '../../src/backend/select.js';
import { restoreAdamPowers } from '../../src/model/adam-state.js';
import { FusedAdam, registerFusedAdam } from '../../src/model/fused-adam.js';

// Bit-for-bit equality with tfjs's own update on each backend: test/backend/wasm/adam-update.test.ts.
before(() => initBackend('wasm'));

/** Steps of loss = sum((w - target)^2); the weights after. */
function descend(optimizer: tf.Optimizer, w: tf.Variable, steps: number): number[] {
  for (let s = 0; s < steps; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, [3, -1, 0.5, 2, 0]))) as tf.Scalar, false, [w]);
  return Array.from(w.dataSync());
}

test("FusedAdam is tfjs's Adam to a checkpoint: class name, config, weight names and order", async () => {
  const fused = new FusedAdam(0.01, 0.9, 0.99, 1e-7);
  const stock = tf.train.adam(0.01, 0.9, 0.99, 1e-7);
  assert.ok(fused instanceof tf.AdamOptimizer);
  assert.equal(fused.getClassName(), 'Adam');
  assert.deepEqual(fused.getConfig(), stock.getConfig());
  const a = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedadam_a');
  const b = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedadam_b');
  assert.deepEqual(descend(fused, a, 3), descend(stock, b, 3), 'the same values as tfjs on wasm');
  assert.deepEqual((await fused.getWeights()).map((entry) => entry.name), ['iter', 'fusedadam_a/m', 'fusedadam_a/v']);
  assert.deepEqual((await stock.getWeights()).map((entry) => entry.name), ['iter', 'fusedadam_b/m', 'fusedadam_b/v']);
  tf.dispose([a, b]);
  fused.dispose();
  stock.dispose();
});

test('a FusedAdam restored from getWeights (beta powers rebuilt) continues exactly as the one that kept running', async () => {
  const running = new FusedAdam(0.01, 0.9, 0.999, 1e-7);
  const w = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedadam_resume');
  descend(running, w, 40);
  const saved = await running.getWeights();
  const atSave = Array.from(w.dataSync());
  registerFusedAdam();
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap.Adam!;
  assert.equal(cls, FusedAdam, "'Adam' in a checkpoint loads as the fused class");
  const restored = fromConfig(cls, running.getConfig()) as unknown as tf.Optimizer;
  await restored.setWeights(saved.map((entry) => ({ name: entry.name, tensor: tf.clone(entry.tensor) })));
  restoreAdamPowers(restored);
  assert.equal(restored.iterations, 40);
  const kept = descend(running, w, 3);
  w.assign(tf.tensor1d(atSave));
  assert.deepEqual(descend(restored, w, 3), kept);
  w.dispose();
  running.dispose();
  restored.dispose();
});

test("on a backend without the kernel (cpu) FusedAdam runs tfjs's own update", async () => {
  await tf.setBackend('cpu');
  const fused = new FusedAdam(0.01, 0.9, 0.999, 1e-7);
  const stock = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  const a = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedadam_cpu_a');
  const b = tf.variable(tf.tensor1d([0.2, 0.4, -0.3, 1, 0]), true, 'fusedadam_cpu_b');
  assert.deepEqual(descend(fused, a, 3), descend(stock, b, 3));
  tf.dispose([a, b]);
  fused.dispose();
  stock.dispose();
  await tf.setBackend('wasm');
});
