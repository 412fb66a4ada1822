import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WasmBackendLike } from '../../../src/backend/wasm/kernel-util.js';
import { winogradInputGradient, winogradInputGradientFits } from '../../../src/backend/wasm/winograd-input-grad.js';
import { assertClose, onBoth, values } from '../compare.js';
import { onVariant, VARIANTS, type Pad } from './conv-cases.js';

interface Case {
  name: string;
  /** The forward convolution's input shape (dx's) and output channels (dy's). */
  x: [number, number, number, number];
  cout: number;
  pad: Exclude<Pad, number>;
}

// 3x3, stride 1, channel counts multiples of 4 and 9 * Cin > 64: Conv2DBackpropInput takes
// Winograd: the transposed kernel where dy has fewer 4x4 tiles than dx ('valid', MNIST conv2),
// else the convolution of the unpadded dy ('same', explicit padding of 3 below, small outputs).
const CASES: Case[] = [
  { name: 'valid, odd sizes, 16 in channels, 4 out', x: [2, 9, 7, 16], cout: 4, pad: 'valid' },
  { name: "'same', batch 1, 36 in channels", x: [1, 6, 5, 36], cout: 8, pad: 'same' },
  { name: 'explicit padding of 2 above (dy read unpadded there), 1 right', x: [2, 6, 5, 12], cout: 4, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: 'explicit padding of 3 below: dy rows no input pixel reaches', x: [2, 7, 6, 8], cout: 8, pad: [[0, 0], [1, 3], [2, 0], [0, 0]] },
  { name: 'output under 4 rows (F(2x2, 3x3), dy padded)', x: [2, 3, 6, 8], cout: 4, pad: 'same' },
  // More than one band of tile rows (see BAND_BYTES).
  { name: 'several bands, MNIST conv2 size', x: [3, 26, 26, 32], cout: 32, pad: 'valid' },
];

const dyShape = (c: Case) => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([3, 3, c.x[3], c.cout]) as tf.Tensor4D, 1, c.pad).shape;

for (const variant of VARIANTS) for (const tile of ['4', '2']) {
  for (const c of CASES) {
    test(`Winograd input gradient matches cpu (${variant} SIMD, F(${tile}x${tile}, 3x3) where it fits): ${c.name}`, async () => {
      onVariant(variant);
      process.env.KERASTS_WINOGRAD = tile;
      const shape = dyShape(c);
      const dyData = values(tf.util.sizeFromShape(shape), 61);
      const wData = values(9 * c.x[3] * c.cout, 62);
      const { cpu, wasm } = await onBoth(() =>
        tf.conv2dTranspose(tf.tensor4d(dyData, shape), tf.tensor4d(wData, [3, 3, c.x[3], c.cout]), c.x, 1, c.pad));
      delete process.env.KERASTS_WINOGRAD;
      assertClose(wasm[0]!, cpu[0]!, c.name);
    });
  }
  // 'valid' (dy has fewer tiles than dx) takes the transposed kernel, 'same' the convolution of dy.
  for (const [pad, dy, top] of [['same', [2, 7, 9, 8], 1], ['valid', [2, 5, 7, 8], 0]] as const) {
    test(`the Winograd input gradient matches cpu with 4 in channels, '${pad}' (${variant} SIMD, F(${tile}x${tile}, 3x3))`, async () => {
      // Conv2DBackpropInput takes the col2im for so few patch columns: the function is called directly.
      onVariant(variant);
      process.env.KERASTS_WINOGRAD = tile;
      const x: [number, number, number, number] = [2, 7, 9, 4];
      const dyData = values(tf.util.sizeFromShape([...dy]), 63);
      const wData = values(9 * 4 * 8, 64);
      const { cpu, wasm } = await onBoth(() => {
        const grad = tf.tensor4d(dyData, [...dy]);
        const w = tf.tensor4d(wData, [3, 3, 4, 8]);
        if (tf.getBackend() === 'cpu') return tf.conv2dTranspose(grad, w, x, 1, pad);
        return winogradInputGradient(tf.backend() as unknown as WasmBackendLike, grad, w, x, { top, left: top });
      });
      delete process.env.KERASTS_WINOGRAD;
      assertClose(wasm[0]!, cpu[0]!, `4 in channels, '${pad}'`);
    });
  }
}

test('the input gradient is one Winograd convolution for stride-1 3x3 filters of channels multiples of 4, padded by at most 2 above and left', () => {
  assert.equal(winogradInputGradientFits([3, 3, 32, 32], 1, 1, { top: 0, left: 0 }), true);
  assert.equal(winogradInputGradientFits([3, 3, 8, 4], 1, 1, { top: 2, left: 2 }), true);
  assert.equal(winogradInputGradientFits([3, 3, 8, 4], 1, 1, { top: 3, left: 0 }), false);
  assert.equal(winogradInputGradientFits([3, 3, 8, 4], 1, 1, { top: 0, left: 3 }), false);
  assert.equal(winogradInputGradientFits([3, 3, 8, 4], 2, 1, { top: 0, left: 0 }), false);
  assert.equal(winogradInputGradientFits([3, 3, 8, 6], 1, 1, { top: 0, left: 0 }), false);
  assert.equal(winogradInputGradientFits([3, 3, 6, 8], 1, 1, { top: 0, left: 0 }), false);
  assert.equal(winogradInputGradientFits([2, 3, 8, 8], 1, 1, { top: 0, left: 0 }), false);
});
