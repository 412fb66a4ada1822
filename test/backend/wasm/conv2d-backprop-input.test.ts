import tf from '../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import { assertClose, onBoth } from '../compare.js';
import { convData, onVariant, VARIANT_CASES, weightedLoss } from './conv-cases.js';

// Cases with kh*kw*Cin up to 64 take the col2im path, the others the flipped-filter convolution.
for (const [variant, c] of VARIANT_CASES) {
  test(`conv2d input gradient matches cpu (${variant} SIMD): ${c.name}`, async () => {
    onVariant(variant);
    const { xData, wData, wShape } = convData(c);
    const { cpu, wasm } = await onBoth(() => {
      const w = tf.tensor4d(wData, wShape);
      return tf.grad((x: tf.Tensor) => weightedLoss(c, x, w))(tf.tensor4d(xData, c.x));
    });
    assertClose(wasm[0]!, cpu[0]!, 'dx (Conv2DBackpropInput)');
  });
}
