import tf from '../../util/tfjs.cjs';
import { WEIGHTED_SUM_KERNEL, type WeightedSumAttrs } from '../../backend/kernel-names.js';

/**
 * a*weightA + b*weightB: one pass where the backend has kerasts's kernel for it (wasm), tf
 * ops elsewhere.
 */
export function weightedSum(a: tf.Tensor, b: tf.Tensor, weightA: number, weightB: number): tf.Tensor {
  if (tf.getKernel(WEIGHTED_SUM_KERNEL, tf.getBackend()) !== undefined && a.dtype === 'float32' && b.dtype === 'float32') {
    const attrs: WeightedSumAttrs = { weightA, weightB };
    return tf.engine().runKernel(WEIGHTED_SUM_KERNEL, { a, b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tidy(() => tf.add(tf.mul(a, weightA), tf.mul(b, weightB)));
}
