import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simdProductCovers } from '../../../src/backend/wasm/dense-product.js';
import { assertClose, onBoth, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

// [m, k, n]: n = 37 takes the 16-, 4- and 1-column blocks; odd m pairs a last row with
// itself; k = 300 sums long rows (a dense layer's); n much larger than m takes A·Bᵀ's
// swapped form, (B·Aᵀ)ᵀ.
const SIZES: Array<[number, number, number]> = [[5, 7, 37], [1, 3, 1], [6, 300, 20], [3, 40, 130], [33, 16, 2]];
const TRANSPOSES = [[false, false], [true, false], [false, true], [true, true]] as const;

for (const variant of VARIANTS) test(`SIMD matMul matches cpu for every transpose combination, rank 2 and 3 (${variant} SIMD)`, async () => {
  onVariant(variant);
  for (const [ta, tb] of TRANSPOSES) for (const [m, k, n] of SIZES) for (const lead of [[], [1]]) {
    const aShape = [...lead, ...(ta ? [k, m] : [m, k])];
    const bShape = [...lead, ...(tb ? [n, k] : [k, n])];
    const a = values(m * k, 41);
    const b = values(k * n, 42);
    const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
    assertClose(wasm[0]!, cpu[0]!, `matMul ta=${ta} tb=${tb} m=${m} k=${k} n=${n} rank=${aShape.length}`);
  }
});

for (const variant of VARIANTS) test(`fused matMul with bias and ReLU or linear, and its gradients, match cpu (${variant} SIMD)`, async () => {
  onVariant(variant);
  for (const [m, k, n] of SIZES) for (const activation of ['linear', 'relu'] as const) for (const withBias of [true, false]) {
    const a = tf.tensor2d(values(m * k, 43), [m, k]);
    const b = tf.tensor2d(values(k * n, 44), [k, n]);
    const bias = tf.tensor1d(values(n, 45));
    const r = tf.tensor2d(values(m * n, 46), [m, n]);
    const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) => tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: withBias ? c : undefined, activation });
    const loss = (x: tf.Tensor, w: tf.Tensor, c?: tf.Tensor) => tf.sum(tf.mul(f(x, w, c ?? bias), r));
    const { cpu, wasm } = await onBoth(() => [f(a, b, bias), ...(withBias ? tf.grads(loss)([a, b, bias]) : tf.grads((x: tf.Tensor, w: tf.Tensor) => loss(x, w))([a, b]))]);
    cpu.forEach((expected, i) => assertClose(wasm[i]!, expected, `fused matMul ${activation} bias=${withBias} m=${m} k=${k} n=${n}: output ${i}`));
    tf.dispose([a, b, bias, r]);
  }
});

test('the SIMD product covers unbatched float32 products and leaves the rest to the stock kernels', () => {
  const info = (shape: number[], dtype: tf.DataType = 'float32'): tf.TensorInfo => ({ dataId: {}, shape, dtype });
  const plain = { transposeA: false, transposeB: false };
  assert.equal(simdProductCovers({ a: info([4, 5]), b: info([5, 6]), ...plain }), true);
  assert.equal(simdProductCovers({ a: info([1, 4, 5]), b: info([5, 6]), ...plain, bias: info([6]), relu: true }), true);
  assert.equal(simdProductCovers({ a: info([2, 4, 5]), b: info([2, 5, 6]), ...plain }), false, 'batched');
  assert.equal(simdProductCovers({ a: info([4, 5], 'int32'), b: info([5, 6], 'int32'), ...plain }), false, 'int32');
  assert.equal(simdProductCovers({ a: info([4, 0]), b: info([0, 6]), ...plain }), true, 'empty inner axis: zeros');
  assert.equal(simdProductCovers({ a: info([5, 4]), b: info([5, 6]), transposeA: true, transposeB: false, bias: info([6]) }), true, 'bias on a transposed product');
  assert.equal(simdProductCovers({ a: info([4, 5]), b: info([6, 5]), ...plain }), false, 'inner axes differ');
  assert.equal(simdProductCovers({ a: info([4, 5]), b: info([5, 6]), ...plain, bias: info([4, 6]) }), false, 'bias per element');
});

test('batched and empty products match cpu (empty ones ours: zeros; batched ones the stock kernel)', async () => {
  for (const [aShape, bShape] of [[[2, 3, 4], [2, 4, 5]], [[3, 0], [0, 4]], [[0, 3], [3, 2]]] as number[][][]) {
    const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor(values(tf.util.sizeFromShape(aShape!), 47), aShape), tf.tensor(values(tf.util.sizeFromShape(bShape!), 48), bShape)));
    assertClose(wasm[0]!, cpu[0]!, `matMul [${aShape}]·[${bShape}]`);
  }
});
