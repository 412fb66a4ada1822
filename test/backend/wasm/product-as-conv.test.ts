import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CONV_PRODUCT_DEPTH, productAsConv } from '../../../src/backend/wasm/product-as-conv.js';
import { assertClose, onBoth, useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

// [m, k, n]: n = 37 takes the convolution's 16-, 4- and 1-channel blocks; an odd m pairs the
// last row with itself; n much larger than m takes A·Bᵀ's swapped form (B·Aᵀ)ᵀ; k = 512 is the
// longest summed axis taken.
const SIZES: Array<[number, number, number]> = [[5, 7, 37], [1, 3, 1], [6, MAX_CONV_PRODUCT_DEPTH, 20], [3, 40, 130], [33, 16, 2]];
const TRANSPOSED = [[true, false], [false, true], [true, true]] as const;

for (const variant of VARIANTS) test(`transposed products as 1x1 convolutions match cpu, rank 2 and 3 (${variant} SIMD)`, async () => {
  onVariant(variant);
  for (const [ta, tb] of TRANSPOSED) for (const [m, k, n] of SIZES) for (const lead of [[], [1]]) {
    const aShape = [...lead, ...(ta ? [k, m] : [m, k])];
    const bShape = [...lead, ...(tb ? [n, k] : [k, n])];
    const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor(values(m * k, 41), aShape), tf.tensor(values(k * n, 42), bShape), ta, tb));
    assertClose(wasm[0]!, cpu[0]!, `matMul ta=${ta} tb=${tb} m=${m} k=${k} n=${n} rank=${aShape.length}`);
  }
});

test('only unbatched float32 transposed products with a summed axis up to the limit are taken', async () => {
  await useWasm();
  tf.tidy(() => {
    const t = (...shape: number[]) => tf.zeros(shape);
    assert.ok(productAsConv(t(4, 5), t(6, 5), false, true) !== undefined);
    assert.deepEqual(productAsConv(t(1, 5, 4), t(5, 6), true, false)?.shape, [1, 4, 6]);
    assert.equal(productAsConv(t(4, 5), t(5, 6), false, false), undefined, 'untransposed: XNNPACK');
    assert.equal(productAsConv(t(2, 5, 4), t(2, 5, 6), true, false), undefined, 'batched');
    assert.equal(productAsConv(t(4, MAX_CONV_PRODUCT_DEPTH + 1), t(6, MAX_CONV_PRODUCT_DEPTH + 1), false, true), undefined, 'summed axis too long');
    assert.equal(productAsConv(t(0, 4), t(0, 6), true, false), undefined, 'empty summed axis');
    assert.equal(productAsConv(tf.zeros([4, 5], 'int32'), tf.zeros([6, 5], 'int32'), false, true), undefined, 'int32');
  });
});
