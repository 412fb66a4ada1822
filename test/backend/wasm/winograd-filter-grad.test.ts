import tf from '../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';
import { onVariant, weightedLoss, VARIANTS, type ConvCase } from './conv-cases.js';

// Stride-1 3x3 convolutions with channel counts multiples of 4: Conv2DBackpropFilter takes
// the Winograd kernel (and Conv2D, and the input gradient's convolution, the forward one).
const CASES: ConvCase[] = [
  { name: 'valid, even output, 16 + 4 out channels', x: [2, 8, 10, 4], k: [3, 3], cout: 20, stride: 1, pad: 'valid' },
  { name: 'valid, odd output height and width', x: [2, 7, 9, 8], k: [3, 3], cout: 16, stride: 1, pad: 'valid' },
  { name: "'same', batch 1, 4 out channels", x: [1, 5, 6, 12], k: [3, 3], cout: 4, stride: 1, pad: 'same' },
  { name: "'same', 36 out channels (two blocks of 16, one of 4)", x: [3, 6, 5, 4], k: [3, 3], cout: 36, stride: 1, pad: 'same' },
  { name: 'one output pixel', x: [2, 3, 3, 4], k: [3, 3], cout: 8, stride: 1, pad: 'valid' },
  { name: 'asymmetric explicit padding', x: [2, 6, 5, 8], k: [3, 3], cout: 12, stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  // Larger than one band of tile rows (see BAND_BYTES): the bands must add up exactly.
  { name: 'several bands of tile rows, MNIST conv2 size', x: [2, 26, 26, 32], k: [3, 3], cout: 32, stride: 1, pad: 'valid' },
];

// Outputs of at least 4x4 take F(4x4, 3x3) unless KERASTS_WINOGRAD=2 asks for F(2x2, 3x3): both are run.
for (const variant of VARIANTS) for (const tile of ['4', '2']) {
  for (const c of CASES) {
    test(`Winograd filter and input gradients match cpu (${variant} SIMD, F(${tile}x${tile}, 3x3) where it fits): ${c.name}`, async () => {
      onVariant(variant);
      process.env.KERASTS_WINOGRAD = tile;
      const wShape: [number, number, number, number] = [3, 3, c.x[3], c.cout];
      const xData = values(tf.util.sizeFromShape(c.x), 41);
      const wData = values(tf.util.sizeFromShape(wShape), 42);
      const { cpu, wasm } = await onBoth(() => {
        const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) => weightedLoss(c, x, w));
        return grads([tf.tensor4d(xData, c.x), tf.tensor4d(wData, wShape)]);
      });
      delete process.env.KERASTS_WINOGRAD;
      assertClose(wasm[0]!, cpu[0]!, `dx ${c.name}`);
      assertClose(wasm[1]!, cpu[1]!, `dW ${c.name}`);
    });
  }
}
