import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../src/backend/select.js';
import { assertClose, values } from './compare.js';

// initBackend registers the corrected gradient, as every kerasts command does.
before(() => initBackend('cpu'));

const [N, H, W, C] = [3, 4, 5, 2];

/** Batch-norm in training mode as tfjs-layers runs it: channels last with a 1-D mean, channels first with a broadcast one. */
function loss(layout: 'last' | 'first', weights: tf.Tensor) {
  return (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
    const axes = layout === 'last' ? [0, 1, 2] : [0, 2, 3];
    const { mean, variance } = tf.moments(x, axes, layout === 'first');
    const shape = layout === 'last' ? [C] : [1, C, 1, 1];
    const y = tf.batchNorm(x, mean, variance, beta.reshape(shape), gamma.reshape(shape), 1e-3);
    return tf.sum(tf.mul(y, weights));
  };
}

test('the FusedBatchNorm gradient over axis 1 (th) equals the channels-last one, transposed', () => {
  const xLast = tf.tensor4d(values(N * H * W * C, 3), [N, H, W, C]);
  const wLast = tf.tensor4d(values(N * H * W * C, 4), [N, H, W, C]);
  const gamma = tf.tensor1d([1.5, 0.5]);
  const beta = tf.tensor1d([0.1, -0.2]);
  const toFirst = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);
  const last = tf.grads(loss('last', wLast))([xLast, gamma, beta]);
  // Before the fix this threw "Size(60) must match the product of shape 1,2,1,1".
  const first = tf.grads(loss('first', toFirst(wLast)))([toFirst(xLast), gamma, beta]);
  assertClose(first[0]!.dataSync() as Float32Array, toFirst(last[0]!).dataSync() as Float32Array, 'dx', 1e-4, 1e-5);
  assertClose(first[1]!.dataSync() as Float32Array, last[1]!.dataSync() as Float32Array, 'dgamma', 1e-4, 1e-5);
  assertClose(first[2]!.dataSync() as Float32Array, last[2]!.dataSync() as Float32Array, 'dbeta', 1e-4, 1e-5);
  assert.ok(Math.abs(last[1]!.dataSync()[0]!) > 1e-3, 'a gradient that is not zero');
});
