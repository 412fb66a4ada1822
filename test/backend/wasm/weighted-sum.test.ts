import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEIGHTED_SUM_KERNEL } from '../../../src/backend/kernel-names.js';
import { useWasm, values } from '../compare.js';

const run = (a: tf.Tensor, b: tf.Tensor, weightA: number, weightB: number): tf.Tensor =>
  tf.engine().runKernel(WEIGHTED_SUM_KERNEL, { a, b }, { weightA, weightB }) as tf.Tensor;

test('the weighted-sum kernel equals a*weightA + b*weightB by tf ops on cpu, bit for bit', async () => {
  // 4099 elements: the four-lane loop and a remainder of 3.
  const a = values(4099, 16);
  const b = values(4099, 17);
  await tf.setBackend('cpu');
  const expected = tf.tidy(() => tf.add(tf.mul(tf.tensor1d(a), 0.375), tf.mul(tf.tensor1d(b), 0.625)).dataSync());
  await useWasm();
  const ta = tf.tensor1d(a);
  const tb = tf.tensor1d(b);
  const out = run(ta, tb, 0.375, 0.625);
  assert.deepEqual(Array.from(out.dataSync()), Array.from(expected));
  tf.dispose([ta, tb, out]);
});

test('the weighted-sum kernel refuses tensors of different shapes or dtypes', async () => {
  await useWasm();
  const a = tf.zeros([2, 3]);
  const b = tf.zeros([3, 2]);
  const i = tf.zeros([2, 3], 'int32');
  assert.throws(() => run(a, b, 1, 1), /KerastsWeightedSum takes two float32 tensors of one shape; received float32 \[2,3\] and float32 \[3,2\]/);
  assert.throws(() => run(a, i, 1, 1), /received float32 \[2,3\] and int32 \[2,3\]/);
  tf.dispose([a, b, i]);
});
