import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose, onBoth, useWasm, values } from '../compare.js';

const cases: Array<{ name: string; x: [number, number, number, number]; k: [number, number]; multiplier: number; strides: number; pad: 'valid' | 'same'}> = [
  { name: '3x3 valid, multiplier 1', x: [2, 6, 6, 3], k: [3, 3], multiplier: 1, strides: 1, pad: 'valid' },
  { name: '3x3 same stride 2, multiplier 2', x: [2, 7, 6, 3], k: [3, 3], multiplier: 2, strides: 2, pad: 'same' },
  { name: '2x3 valid, multiplier 3, one channel', x: [3, 5, 7, 1], k: [2, 3], multiplier: 3, strides: 1, pad: 'valid' },
  // tfjs-core has no gradient for dilated depthwise convolutions, so no dilated case.
  { name: '5x5 valid stride 3, 4 channels', x: [2, 11, 9, 4], k: [5, 5], multiplier: 1, strides: 3, pad: 'valid' },
];

for (const c of cases) {
  test(`depthwise convolution gradients match cpu: ${c.name}`, async () => {
    const filterShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.multiplier];
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(values(tf.util.sizeFromShape(c.x), 21), c.x);
      const w = tf.tensor4d(values(tf.util.sizeFromShape(filterShape), 22), filterShape);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
      const y = f(x, w);
      const r = tf.tensor(values(y.size, 23), y.shape);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w]);
      return [dx!, dw!];
    });
    assertClose(wasm[0]!, cpu[0]!, 'dx (DepthwiseConv2dNativeBackpropInput)');
    assertClose(wasm[1]!, cpu[1]!, 'dW (DepthwiseConv2dNativeBackpropFilter)');
    assert.ok(cpu[1]!.some((v) => v !== 0), 'a gradient that is not all zeros');
  });
}

test('the depthwise gradients leave no tensors behind on wasm', async () => {
  await useWasm();
  const x = tf.tensor4d(values(2 * 5 * 5 * 2, 3), [2, 5, 5, 2]);
  const w = tf.tensor4d(values(3 * 3 * 2 * 2, 4), [3, 3, 2, 2]);
  const before = tf.memory().numTensors;
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]);
  assert.equal(tf.memory().numTensors, before + 2);
  tf.dispose([x, w, ...grads]);
});
