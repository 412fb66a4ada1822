import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKerastsKernel } from '../../../src/backend/wasm/register.js';
import { asRowsTranspose } from '../../../src/backend/wasm/transpose.js';
import { onBoth, useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

test('asRowsTranspose sees NHWC<->NCHW, [1, 0] and rotations as batches of matrix transposes, and nothing else', () => {
  assert.deepEqual(asRowsTranspose([64, 26, 26, 32], [0, 3, 1, 2]), { batches: 64, rows: 676, cols: 32 });
  assert.deepEqual(asRowsTranspose([64, 32, 26, 26], [0, 2, 3, 1]), { batches: 64, rows: 32, cols: 676 });
  assert.deepEqual(asRowsTranspose([64, 4608], [1, 0]), { batches: 1, rows: 64, cols: 4608 });
  assert.deepEqual(asRowsTranspose([3, 4, 5], [2, 0, 1]), { batches: 1, rows: 12, cols: 5 });
  assert.deepEqual(asRowsTranspose([3, 4, 5], [1, 2, 0]), { batches: 1, rows: 3, cols: 20 });
  assert.deepEqual(asRowsTranspose([2, 3, 4, 5, 6], [0, 1, 4, 2, 3]), { batches: 6, rows: 20, cols: 6 });
  assert.equal(asRowsTranspose([2, 3, 4, 5], [0, 2, 1, 3]), undefined); // swaps two middle axes
  assert.equal(asRowsTranspose([2, 3, 4], [2, 1, 0]), undefined); // a reversal
  assert.equal(asRowsTranspose([2, 3, 4], [0, 1, 2]), undefined); // the identity
  assert.equal(asRowsTranspose([7], [0]), undefined);
});

// Sizes around the 4x4 blocks: exact multiples, remainders of 1-3 in rows, columns or both, single rows and columns.
const CASES: Array<{ shape: number[]; perm: number[] }> = [
  { shape: [2, 5, 7, 3], perm: [0, 3, 1, 2] },
  { shape: [2, 3, 5, 7], perm: [0, 2, 3, 1] },
  { shape: [3, 4, 4, 8], perm: [0, 3, 1, 2] },
  { shape: [4, 4], perm: [1, 0] },
  { shape: [9, 13], perm: [1, 0] },
  { shape: [1, 6], perm: [1, 0] },
  { shape: [6, 1], perm: [1, 0] },
  { shape: [3, 4, 5], perm: [2, 0, 1] },
  { shape: [3, 4, 5], perm: [1, 2, 0] },
  { shape: [1, 1, 1, 1], perm: [0, 3, 1, 2] },
  // Columns in blocks of 64: one full block, a partial one and a remainder of 2.
  { shape: [3, 6, 134], perm: [0, 2, 1] },
  { shape: [130, 9], perm: [1, 0] },
  { shape: [8, 26, 26, 32], perm: [0, 3, 1, 2] },
  { shape: [8, 32, 24, 24], perm: [0, 2, 3, 1] },
  { shape: [2, 3, 4, 5], perm: [0, 2, 1, 3] }, // not a batch of matrix transposes: the stock kernel
  { shape: [0, 3, 2, 2], perm: [0, 3, 1, 2] },
];

for (const variant of VARIANTS) {
  for (const c of CASES) {
    test(`${variant} SIMD: transpose of [${c.shape}] by [${c.perm}] equals cpu's, float32 and int32, bit for bit`, async () => {
      await useWasm();
      onVariant(variant);
      const size = c.shape.reduce((a, b) => a * b, 1);
      const data = values(size, size + 7);
      const ints = Int32Array.from(data, (v) => Math.round(v * 1e6));
      const { cpu, wasm } = await onBoth(() => [tf.transpose(tf.tensor(data, c.shape), c.perm), tf.cast(tf.transpose(tf.tensor(ints, c.shape, 'int32'), c.perm), 'float32')]);
      for (let i = 0; i < 2; i++) assert.deepEqual(Array.from(wasm[i]!), Array.from(cpu[i]!), `${['float32', 'int32'][i]} values`);
      await useWasm();
      const shape = tf.tidy(() => tf.transpose(tf.zeros(c.shape), c.perm).shape);
      assert.deepEqual(shape, c.perm.map((axis) => c.shape[axis]));
    });
  }
}

test('kerasts replaces the wasm Transpose kernel; the gradient of a channels-first round trip is exact', async () => {
  await useWasm();
  assert.ok(isKerastsKernel(tf.Transpose));
  const { cpu, wasm } = await onBoth(() => {
    const x = tf.tensor4d(values(2 * 5 * 6 * 3, 3), [2, 5, 6, 3]);
    const weights = tf.tensor4d(values(2 * 5 * 6 * 3, 4), [2, 3, 5, 6]);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.transpose(a, [0, 3, 1, 2]), weights)))(x);
  });
  assert.deepEqual(Array.from(wasm[0]!), Array.from(cpu[0]!));
});
