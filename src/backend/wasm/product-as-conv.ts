import tf from '../../util/tfjs.cjs';

/**
 * Longest summed axis for which a transposed product is run as a 1x1 convolution: the
 * convolution kernel keeps a 16-column block of the right operand (K rows of 64 bytes) in L1
 * while it sweeps the rows of the left one. Beyond it (a dense layer's forward product,
 * K = 4608) the block streams from L2 and XNNPACK's packed product is faster.
 */
export const MAX_CONV_PRODUCT_DEPTH = 512;

/** Leading axes all of size 1: a single matrix. */
const single = (t: tf.Tensor): boolean => t.shape.slice(0, -2).every((size) => size === 1);

/**
 * op(A)·op(B) with at least one operand transposed, for unbatched float32 matrices whose
 * summed axis is at most MAX_CONV_PRODUCT_DEPTH, as kerasts's SIMD convolution with a 1x1
 * filter (./conv2d.ts): rows of the left factor are the pixels of a one-row image, the right
 * factor is the [1, 1, K, N] filter. Transposes go where they move fewest floats. A dense
 * layer's gradients, xᵀ·dy and dy·Wᵀ, took ~20-30% less time than through XNNPACK (which
 * repacks its right operand each call). Returns undefined for any other product. Runs tf ops:
 * call it inside a kernel's tidy.
 */
export function productAsConv(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor | undefined {
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32' || !single(a) || !single(b)) return undefined;
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const n = transposeB ? br : bc;
  if (k > MAX_CONV_PRODUCT_DEPTH || m === 0 || k === 0 || n === 0) return undefined;
  const outShape = [...Array(Math.max(a.rank, b.rank) - 2).fill(1), m, n];
  // rows·filter: `rows` [R, K] as one image row, `filter` [K, C] as a 1x1 filter -> [R, C].
  const conv = (rows: tf.Tensor, filter: tf.Tensor, r: number, c: number) =>
    tf.reshape(tf.conv2d(tf.reshape(rows, [1, 1, r, k]) as tf.Tensor4D, tf.reshape(filter, [1, 1, k, c]) as tf.Tensor4D, 1, 'valid'), [r, c]);
  const a2 = tf.reshape(a, [ar, ac]);
  const b2 = tf.reshape(b, [br, bc]);
  let product: tf.Tensor;
  if (transposeA && transposeB) product = tf.transpose(conv(b2, a2, n, m)); // (B·A)ᵀ
  else if (transposeA) product = conv(tf.transpose(a2), b2, m, n);
  else if (n * k <= m * k + m * n) product = conv(a2, tf.transpose(b2), m, n);
  else product = tf.transpose(conv(b2, tf.transpose(a2), n, m)); // (B·Aᵀ)ᵀ
  return tf.reshape(product, outShape);
}
