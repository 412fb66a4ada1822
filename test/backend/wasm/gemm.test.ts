import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depthSlice, gemm, gemmShape, MIN_DEPTH_SLICE } from '../../../src/backend/wasm/gemm.js';
import type { WasmBackendLike } from '../../../src/backend/wasm/kernel-util.js';
import { assertClose, onBoth, useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

/**
 * [M, N, K]: ones (every block and slice has one row or column), sizes that leave remainders
 * after gemm's 16-, 4- and 1-column blocks, its row pairs, gemmNT's 4 depths at a time and the
 * depth slices, and the dense layer's K = 4608.
 */
const SIZES: Array<[number, number, number]> = [
  [1, 1, 1], [3, 5, 17], [5, 3, 1], [17, 130, 5], [130, 17, 3], [1, 21, 4608], [5, 33, depthSlice(33) + 3], [3, 2000, 2 * MIN_DEPTH_SLICE + 1], [2, 1, 4608],
];
const FORMS = [[false, false], [true, false], [false, true]] as const;

/** op(A)·op(B) (+ bias, then ReLU): by tf ops on cpu, by the `gemm` entry point on wasm. */
function product(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean, bias: tf.Tensor | undefined, relu: boolean): tf.Tensor {
  if (tf.getBackend() === 'cpu') {
    const plain = tf.matMul(a, b, transposeA, transposeB);
    const biased = bias === undefined ? plain : tf.add(plain, bias);
    return relu ? tf.relu(biased) : biased;
  }
  const backend = tf.backend() as unknown as WasmBackendLike;
  const info = (t: tf.Tensor) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  const shape = gemmShape(info(a), info(b), transposeA, transposeB)!;
  return tf.engine().makeTensorFromTensorInfo(gemm(backend, info(a), info(b), transposeA, transposeB, shape, bias && info(bias), relu));
}

for (const variant of VARIANTS) {
  test(`gemm (A·B, Aᵀ·B) and gemmNT (A·Bᵀ) match cpu for odd sizes, with and without bias and ReLU (${variant} SIMD)`, async () => {
    await useWasm();
    onVariant(variant);
    for (const [m, n, k] of SIZES) for (const [ta, tb] of FORMS) for (const [withBias, relu] of [[false, false], [true, true], [true, false]] as const) {
      const aShape = ta ? [k, m] : [m, k];
      const bShape = tb ? [n, k] : [k, n];
      const aData = values(m * k, m + 7 * k);
      const bData = values(k * n, n + 3 * k);
      const biasData = values(n, 5);
      const { cpu, wasm } = await onBoth(() => product(tf.tensor(aData, aShape), tf.tensor(bData, bShape), ta, tb, withBias ? tf.tensor1d(biasData) : undefined, relu));
      assertClose(wasm[0]!, cpu[0]!, `${variant} m=${m} n=${n} k=${k} ta=${ta} tb=${tb} bias=${withBias} relu=${relu}`);
    }
  });
}

test('the product of one matrix in a batch of one keeps the operands\' rank; others are not the kernels\'', () => {
  const info = (shape: number[], dtype: tf.DataType = 'float32') => ({ dataId: {}, shape, dtype });
  assert.deepEqual(gemmShape(info([1, 64, 4608]), info([1, 4608, 128]), false, false), { rows: 64, columns: 128, depth: 4608, outShape: [1, 64, 128] });
  assert.deepEqual(gemmShape(info([64, 4608]), info([1, 64, 128]), true, false)?.outShape, [1, 4608, 128]);
  assert.deepEqual(gemmShape(info([64, 128]), info([4608, 128]), false, true)?.outShape, [64, 4608]);
  assert.equal(gemmShape(info([4, 5]), info([6, 4]), true, true), undefined, 'both transposed');
  assert.equal(gemmShape(info([2, 4, 5]), info([2, 5, 6]), false, false), undefined, 'batched');
  assert.equal(gemmShape(info([4, 0]), info([0, 6]), false, false), undefined, 'empty summed axis');
  assert.equal(gemmShape(info([0, 5]), info([5, 6]), false, false), undefined, 'no rows');
  assert.equal(gemmShape(info([4, 5], 'int32'), info([5, 6], 'int32'), false, false), undefined, 'int32');
});

test('a depth slice of B fits 32 KB, and has at least 16 rows', () => {
  assert.equal(depthSlice(128), 64);
  assert.equal(depthSlice(10), 819);
  assert.equal(depthSlice(4608), MIN_DEPTH_SLICE);
});
