import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEIGHTED_SUM_KERNEL } from '../../../src/backend/kernel-names.js';
import { weightedSum } from '../../../src/train/parallel/weighted-sum.js';
import { onBoth, values } from '../../backend/compare.js';

test('weightedSum gives the same a*weightA + b*weightB on cpu (tf ops) and wasm (one kernel)', async () => {
  const a = values(4099, 16);
  const b = values(4099, 17);
  const { cpu, wasm } = await onBoth(() => weightedSum(tf.tensor1d(a), tf.tensor1d(b), 0.375, 0.625));
  assert.equal(tf.getKernel(WEIGHTED_SUM_KERNEL, 'cpu'), undefined, 'cpu composes tf ops');
  assert.ok(tf.getKernel(WEIGHTED_SUM_KERNEL, 'wasm'), 'the kernel is registered on wasm');
  assert.deepEqual(Array.from(wasm[0]!), Array.from(cpu[0]!));
  assert.ok(Math.abs(cpu[0]![0]! - (0.375 * a[0]! + 0.625 * b[0]!)) < 1e-6);
});

test('weightedSum of int32 tensors takes the tf-ops path on wasm too, and leaks nothing', async () => {
  const { wasm } = await onBoth(() => weightedSum(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([10, 20, 30], 'int32'), 2, 1));
  assert.deepEqual(Array.from(wasm[0]!), [12, 24, 36]);
  const before = tf.memory().numTensors;
  const a = tf.ones([5]);
  const b = tf.ones([5]);
  const out = weightedSum(a, b, 1, 2);
  assert.equal(tf.memory().numTensors, before + 3, 'only the two inputs and the result');
  tf.dispose([a, b, out]);
});
