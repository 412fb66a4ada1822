import tf from '../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';
import { convData, convolve, onVariant, VARIANT_CASES, VARIANTS } from './conv-cases.js';

for (const [variant, c] of VARIANT_CASES) {
  test(`conv2d matches cpu (${variant} SIMD): ${c.name}`, async () => {
    onVariant(variant);
    const { xData, wData, wShape } = convData(c);
    const { cpu, wasm } = await onBoth(() => convolve(c, tf.tensor4d(xData, c.x), tf.tensor4d(wData, wShape)));
    assertClose(wasm[0]!, cpu[0]!, 'y');
  });
}

for (const variant of VARIANTS) test(`fused conv2d (bias, ReLU or linear; and what falls back to the stock kernel) matches cpu (${variant} SIMD)`, async () => {
  onVariant(variant);
  const fusedCases: Array<{ x: [number, number, number, number]; cout: number; stride: 1 | 2; pad: 'valid' | 'same' | number; activation: 'linear' | 'relu' | 'elu'; bias: boolean; rounding?: 'ceil' }> = [
    // Rounding the output size up: the last window overhangs the input by one row and column.
    { x: [1, 6, 6, 2], cout: 4, stride: 2, pad: 0, activation: 'linear', bias: true, rounding: 'ceil' },
    { x: [2, 7, 6, 5], cout: 21, stride: 1, pad: 'valid', activation: 'linear', bias: true },
    { x: [2, 8, 7, 3], cout: 16, stride: 2, pad: 'same', activation: 'relu', bias: true },
    { x: [1, 6, 6, 1], cout: 8, stride: 1, pad: 'same', activation: 'relu', bias: false },
    { x: [1, 6, 5, 2], cout: 4, stride: 1, pad: 'valid', activation: 'elu', bias: true },
  ];
  for (const c of fusedCases) {
    const wShape: [number, number, number, number] = [3, 3, c.x[3], c.cout];
    const xData = values(tf.util.sizeFromShape(c.x), 18);
    const wData = values(tf.util.sizeFromShape(wShape), 19);
    const bData = values(c.cout, 20);
    const { cpu, wasm } = await onBoth(() => tf.fused.conv2d({
      x: tf.tensor4d(xData, c.x),
      filter: tf.tensor4d(wData, wShape),
      strides: c.stride,
      pad: c.pad,
      bias: c.bias ? tf.tensor1d(bData) : undefined,
      activation: c.activation,
      dimRoundingMode: c.rounding,
    }));
    assertClose(wasm[0]!, cpu[0]!, `fused conv2d ${JSON.stringify(c)}`);
  }
});
