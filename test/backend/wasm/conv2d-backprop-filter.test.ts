import tf from '../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import { assertClose, onBoth } from '../compare.js';
import { convData, onVariant, VARIANT_CASES, weightedLoss } from './conv-cases.js';

for (const [variant, c] of VARIANT_CASES) {
  test(`conv2d filter gradient matches cpu (${variant} SIMD): ${c.name}`, async () => {
    onVariant(variant);
    const { xData, wData, wShape } = convData(c);
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xData, c.x);
      return tf.grad((w: tf.Tensor) => weightedLoss(c, x, w))(tf.tensor4d(wData, wShape));
    });
    assertClose(wasm[0]!, cpu[0]!, 'dW (Conv2DBackpropFilter)');
  });
}
