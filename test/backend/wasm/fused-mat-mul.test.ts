import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKerastsKernel } from '../../../src/backend/wasm/register.js';
import { assertClose, onBoth, useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

interface FusedCase {
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: number[];
  activation?: 'linear' | 'relu' | 'elu' | 'prelu';
}

const CASES: FusedCase[] = [
  // The MNIST CNN's dense layers (batch 64 and a last batch of 1): ours.
  { a: [64, 4608], b: [4608, 128], bias: [128], activation: 'relu' },
  { a: [1, 4608], b: [4608, 128], bias: [128], activation: 'relu' },
  { a: [64, 128], b: [128, 10], bias: [10] },
  { a: [3, 17], b: [17, 5], bias: [1, 5], activation: 'relu' },
  { a: [17, 3], b: [17, 5], transposeA: true, bias: [5] },
  { a: [3, 17], b: [5, 17], transposeB: true, bias: [5], activation: 'relu' },
  { a: [5, 9], b: [9, 130] },
  // The stock kernel's: both transposed, a batch, a bias per row, ELU, PReLU (the stock
  // kernel adds a bias wrongly to a product with a transposed operand, so those are untransposed first).
  { a: [9, 5], b: [7, 9], transposeA: true, transposeB: true, bias: [7] },
  { a: [2, 3, 4], b: [2, 4, 5], bias: [5], activation: 'relu' },
  { a: [2, 4, 3], b: [2, 5, 4], transposeA: true, transposeB: true, bias: [5], activation: 'relu' },
  { a: [2, 4, 3], b: [2, 4, 5], transposeA: true, bias: [5], activation: 'prelu' },
  { a: [4, 6], b: [6, 4], bias: [4, 1] },
  { a: [3, 4], b: [4, 6], bias: [6], activation: 'elu' },
  { a: [3, 4], b: [4, 6], bias: [6], activation: 'prelu' },
];

for (const variant of VARIANTS) {
  test(`fused matMul (bias, ReLU or linear; and what falls back to the stock kernel) matches cpu (${variant} SIMD)`, async () => {
    await useWasm();
    onVariant(variant);
    assert.ok(isKerastsKernel(tf._FusedMatMul));
    for (const c of CASES) {
      const [aData, bData] = [values(tf.util.sizeFromShape(c.a), 40), values(tf.util.sizeFromShape(c.b), 41)];
      const biasData = c.bias && values(tf.util.sizeFromShape(c.bias), 42);
      const { cpu, wasm } = await onBoth(() => tf.fused.matMul({
        a: tf.tensor(aData, c.a),
        b: tf.tensor(bData, c.b),
        transposeA: c.transposeA,
        transposeB: c.transposeB,
        bias: biasData && tf.tensor(biasData, c.bias),
        activation: c.activation,
        preluActivationWeights: c.activation === 'prelu' ? tf.scalar(0.25) : undefined,
      }));
      assertClose(wasm[0]!, cpu[0]!, `${variant} ${JSON.stringify(c)}`);
    }
  });
}
