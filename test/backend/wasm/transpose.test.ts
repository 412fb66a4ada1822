import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchedTranspose } from '../../../src/backend/wasm/transpose.js';
import { useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

test('batchedTranspose finds the batch of 2-D transposes in a permutation, and nothing else', () => {
  assert.deepEqual(batchedTranspose([2, 5, 6, 3], [0, 3, 1, 2]), { batches: 2, rows: 30, cols: 3 });
  assert.deepEqual(batchedTranspose([2, 3, 5, 6], [0, 2, 3, 1]), { batches: 2, rows: 3, cols: 30 });
  assert.deepEqual(batchedTranspose([7, 4], [1, 0]), { batches: 1, rows: 7, cols: 4 });
  assert.deepEqual(batchedTranspose([2, 3, 4, 5, 6], [0, 1, 4, 2, 3]), { batches: 6, rows: 20, cols: 6 });
  assert.equal(batchedTranspose([2, 3, 4], [0, 1, 2]), undefined, 'the identity');
  assert.equal(batchedTranspose([2, 3, 4, 5], [0, 3, 2, 1]), undefined, 'a reversal of three axes');
  assert.equal(batchedTranspose([2, 3, 4, 5], [1, 0, 2, 3]), undefined, 'a swap before kept axes');
  assert.deepEqual(batchedTranspose([2, 3, 4], [2, 0, 1]), { batches: 1, rows: 6, cols: 4 });
});

/** [shape, perm]: both layout changes on sizes with and without a remainder of 4 on either side, 2-D ones, empty ones, another rank. */
const CASES: Array<[number[], number[]]> = [
  [[2, 5, 6, 3], [0, 3, 1, 2]], [[2, 3, 5, 6], [0, 2, 3, 1]], [[3, 4, 4, 8], [0, 3, 1, 2]], [[1, 8, 3, 3], [0, 2, 3, 1]],
  [[2, 7, 7, 5], [0, 3, 1, 2]], [[9, 13], [1, 0]], [[4, 4], [1, 0]], [[1, 1], [1, 0]], [[3, 1, 2], [0, 2, 1]],
  [[0, 4, 4, 2], [0, 3, 1, 2]], [[2, 0, 3, 4], [0, 2, 3, 1]], [[2, 3, 4, 5, 6], [0, 1, 4, 2, 3]],
];

for (const variant of VARIANTS) {
  test(`the transpose kernel (${variant}) moves every value where cpu's transpose does, bit for bit`, async () => {
    for (const [shape, perm] of CASES) {
      const data = values(tf.util.sizeFromShape(shape), 71);
      if (data.length > 2) [data[0], data[1]] = [Number.NaN, -0];
      await tf.setBackend('cpu');
      const expected = tf.tidy(() => tf.transpose(tf.tensor(data, shape), perm).dataSync() as Float32Array);
      await useWasm();
      onVariant(variant);
      const got = tf.tidy(() => {
        const y = tf.transpose(tf.tensor(data, shape), perm);
        assert.deepEqual(y.shape, perm.map((axis) => shape[axis]));
        return y.dataSync() as Float32Array;
      });
      assert.deepEqual(new Uint32Array(got.buffer, got.byteOffset, got.length), new Uint32Array(expected.buffer, expected.byteOffset, expected.length), `[${shape}] perm [${perm}]`);
    }
  });
}

test('other permutations and dtypes go to the stock kernel, with its result', async () => {
  await useWasm();
  const x = tf.tensor(values(2 * 3 * 4, 72), [2, 3, 4]);
  const i = tf.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
  assert.deepEqual(tf.transpose(x, [2, 1, 0]).arraySync(), tf.tidy(() => {
    const rows = x.arraySync() as number[][][];
    return [0, 1, 2, 3].map((c) => [0, 1, 2].map((b) => [0, 1].map((a) => rows[a]![b]![c]!)));
  }));
  assert.deepEqual(tf.transpose(i).arraySync(), [[1, 4], [2, 5], [3, 6]]);
  tf.dispose([x, i]);
});
