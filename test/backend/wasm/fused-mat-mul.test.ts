import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

// Transposed operands with a bias (ours, the bias and ReLU as tf ops: the stock kernel gets a
// transposed A wrong), and what goes to the stock kernel: other activations. The
// untransposed cases and their gradients are in dense-product.test.ts.
const operand = (shape: number[], seed: number): tf.Tensor2D => tf.tensor(values(tf.util.sizeFromShape(shape), seed), shape as [number, number]);

for (const variant of VARIANTS) test(`fused matMul: transposed operands and other activations match cpu (${variant} SIMD)`, async () => {
  onVariant(variant);
  const cases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean; activation: 'linear' | 'relu' | 'elu' }> = [
    { a: [5, 4], b: [5, 6], ta: true, tb: false, activation: 'linear' },
    { a: [4, 5], b: [6, 5], ta: false, tb: true, activation: 'relu' },
    { a: [4, 5], b: [5, 6], ta: false, tb: false, activation: 'elu' },
  ];
  for (const c of cases) {
    const n = c.tb ? c.b[c.b.length - 2]! : c.b[c.b.length - 1]!;
    const { cpu, wasm } = await onBoth(() => tf.fused.matMul({
      a: operand(c.a, 51),
      b: operand(c.b, 52),
      transposeA: c.ta,
      transposeB: c.tb,
      bias: tf.tensor1d(values(n, 53)),
      activation: c.activation,
    }));
    assertClose(wasm[0]!, cpu[0]!, `fused matMul ${JSON.stringify(c)}`);
  }
});
