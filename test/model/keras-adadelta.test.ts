import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { KerasAdadelta, registerKerasOptimizers } from '../../src/model/keras-adadelta.js';
import { initBackend } from '../../src/backend/select.js';

before(() => initBackend('cpu'));

/** Keras 2's Adadelta.get_updates, in float64, for one parameter vector. */
function kerasAdadelta(p: number[], grads: (p: number[]) => number[], steps: number, lr: number, rho: number, eps: number): number[] {
  const a = p.map(() => 0);
  const d = p.map(() => 0);
  const w = [...p];
  for (let s = 0; s < steps; s++) {
    const g = grads(w);
    for (let i = 0; i < w.length; i++) {
      a[i] = rho * a[i] + (1 - rho) * g[i] ** 2;
      const update = (g[i] * Math.sqrt(d[i] + eps)) / Math.sqrt(a[i] + eps);
      w[i] -= lr * update;
      d[i] = rho * d[i] + (1 - rho) * update ** 2;
    }
  }
  return w;
}

test('KerasAdadelta follows Keras\'s update, unlike tfjs\'s Adadelta whose first step is plain SGD', () => {
  const target = [3, -1, 0.5];
  const start = [0.2, 0.4, -0.3];
  // loss = sum((w - target)^2), gradient 2 (w - target)
  const grads = (w: number[]) => w.map((v, i) => 2 * (v - target[i]));
  const run = (optimizer: tf.Optimizer, steps: number) => {
    const w = tf.variable(tf.tensor1d(start));
    for (let s = 0; s < steps; s++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar);
    const out = Array.from(w.dataSync());
    w.dispose();
    optimizer.dispose();
    return out;
  };
  const expected = kerasAdadelta(start, grads, 5, 1.0, 0.95, 1e-7);
  const ours = run(new KerasAdadelta(1.0, 0.95, 1e-7), 5);
  ours.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `w[${i}] = ${v}, Keras gives ${expected[i]}`));
  // The first step moves each weight by about sqrt(eps / (1 - rho)) ~ 1.4e-3, not by the gradient.
  assert.ok(Math.abs(run(new KerasAdadelta(1.0, 0.95, 1e-7), 1)[0] - start[0]) < 2e-3);
  const stock = run(tf.train.adadelta(1.0, 0.95, 1e-7), 1);
  assert.ok(Math.abs(stock[0] - start[0]) > 1, 'tfjs\'s own Adadelta takes a full-rate SGD step first');
});

test('KerasAdadelta state survives getWeights/setWeights and serialisation by class name', async () => {
  const optimizer = new KerasAdadelta(0.5, 0.9, 1e-6);
  const w = tf.variable(tf.tensor1d([1, 2]), true, 'kerasadadelta_w');
  optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
  const saved = await optimizer.getWeights();
  assert.deepEqual(saved.map((entry) => entry.name), ['iter', 'kerasadadelta_w/accum_grad', 'kerasadadelta_w/accum_var']);
  registerKerasOptimizers();
  const restored = tf.serialization.SerializationMap.getMap().classNameMap.KerasAdadelta;
  assert.ok(restored, 'registered for deserialisation');
  const copy = new KerasAdadelta(0.5, 0.9, 1e-6);
  await copy.setWeights(saved.map((entry) => ({ name: entry.name, tensor: tf.clone(entry.tensor) })));
  assert.equal(copy.iterations, 1);
  assert.deepEqual(await (await copy.getWeights())[1].tensor.data(), await saved[1].tensor.data());
  assert.deepEqual(copy.getConfig(), { learningRate: 0.5, rho: 0.9, epsilon: 1e-6 });
  w.dispose();
});
