import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';

const poolCases: Array<{ name: string; x: [number, number, number, number]; size: number; stride: number; pad: 'valid' | 'same' }> = [
  { name: '2x2 stride 2 valid (fast path)', x: [2, 6, 6, 3], size: 2, stride: 2, pad: 'valid' },
  { name: '2x2 stride 2 valid, odd size', x: [2, 7, 5, 2], size: 2, stride: 2, pad: 'valid' },
  // Channels four at a time, then the rest one at a time.
  { name: '2x2 stride 2 valid, 6 channels', x: [2, 6, 4, 6], size: 2, stride: 2, pad: 'valid' },
  { name: '2x2 stride 2 valid, odd size, 8 channels', x: [2, 7, 5, 8], size: 2, stride: 2, pad: 'valid' },
  { name: '3x3 stride 2 same', x: [2, 7, 6, 3], size: 3, stride: 2, pad: 'same' },
  { name: '2x2 stride 1 valid (overlapping)', x: [1, 5, 5, 4], size: 2, stride: 1, pad: 'valid' },
];

for (const c of poolCases) {
  test(`max-pool gradient matches cpu with ties: ${c.name}`, async () => {
    const xData = values(tf.util.sizeFromShape(c.x), 4, 3); // values 0, 1, 2: many ties
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xData, c.x);
      const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad);
      const y = f(x);
      const r = tf.tensor(values(y.size, 5), y.shape);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), r)))(x);
    });
    assertClose(wasm[0]!, cpu[0]!, 'dx (MaxPoolGrad)');
    // Ties: each window's gradient goes to exactly one input, as on cpu.
    assert.equal(wasm[0]!.filter((v) => v !== 0).length, cpu[0]!.filter((v) => v !== 0).length);
  });
}
