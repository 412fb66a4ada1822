import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './kernel-util.js';
import { channelBlocks, heapAddress, simdKernels } from './simd/module.js';

/** op(A)·op(B) for unbatched float32 operands, plus an optional bias per column and ReLU. */
export interface DenseProduct {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  /** One value per result column, added before `relu`. */
  bias?: tf.TensorInfo;
  relu?: boolean;
}

/** Rows of the result, the summed axis, columns of the result. */
type Dims = [m: number, k: number, n: number];

/** The last two axes of `t` as [rows, columns], when every leading axis has size 1. */
function matrixShape(t: tf.TensorInfo): [number, number] | undefined {
  const rank = t.shape.length;
  if (rank < 2 || t.dtype !== 'float32' || t.shape.slice(0, -2).some((size) => size !== 1)) return undefined;
  return [t.shape[rank - 2]!, t.shape[rank - 1]!];
}

/**
 * Whether `simdProduct` computes `p`: unbatched float32 (leading axes of size 1), and a bias
 * of one value per column or none.
 */
export function simdProductCovers(p: DenseProduct): boolean {
  const a = matrixShape(p.a);
  const b = matrixShape(p.b);
  if (a === undefined || b === undefined) return false;
  const inner = p.transposeA ? a[0] : a[1];
  if (inner !== (p.transposeB ? b[1] : b[0])) return false;
  const columns = p.transposeB ? b[0] : b[1];
  return p.bias === undefined || (p.bias.dtype === 'float32' && tf.util.sizeFromShape(p.bias.shape) === columns && p.bias.shape.length <= 1);
}

/**
 * A·B (+ bias, ReLU) into `out` [M, N]: the forward SIMD convolution with a 1x1 filter, the
 * M rows of A being one image row of M pixels with K channels and B the [1, 1, K, N] filter.
 */
function productInto(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, out: tf.TensorInfo, [m, k, n]: Dims, bias: tf.TensorInfo | undefined, relu: boolean): void {
  const kernels = simdKernels(backend);
  const args = [heapAddress(backend, a), heapAddress(backend, b), bias ? heapAddress(backend, bias) : 0, heapAddress(backend, out), 1, 1, m, k, 1, m, n, 1, 1, 1, 1] as const;
  for (const [block, start, end] of channelBlocks(n)) kernels[`conv${block}`](...args, start, end, bias ? 1 : 0, relu ? 1 : 0);
}

/**
 * Aᵀ·B into `out` [M, N], A being [K, M] and B [K, N]: the SIMD filter gradient of a 1x1
 * convolution over one image row of K pixels (A's rows its input, B's rows its dy).
 */
function transposedProductInto(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, out: tf.TensorInfo, [m, k, n]: Dims): void {
  const kernels = simdKernels(backend);
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const args = [heapAddress(backend, a), heapAddress(backend, b), heapAddress(backend, out), 1, 1, k, m, 1, k, n, 1, 1, 1, 1] as const;
  for (const [block, start, end] of channelBlocks(n)) kernels[`filterGrad${block}`](...args, start, end);
}

/** Operands as the kernel's tensors (inside its tidy). */
type Operands = DenseProduct & { a: tf.Tensor; b: tf.Tensor; bias?: tf.Tensor };

/** A new [shape] tensor that `write` fills in the heap. */
function result(backend: WasmBackendLike, shape: number[], write: (out: tf.TensorInfo) => void): tf.Tensor {
  const out = backend.makeOutput(shape, 'float32');
  write(out);
  return tf.engine().makeTensorFromTensorInfo(out);
}

/**
 * op(A)·op(B) (+ bias, ReLU) by kerasts's SIMD kernels, for a product `simdProductCovers`.
 * XNNPACK repacks B on every call (weights are new data each step) and reaches the
 * transposed products of the dense-layer gradients only through explicit transposes; here
 * A·B and Aᵀ·B read both operands in place, and A·Bᵀ transposes the cheaper side first.
 * Run inside a kernel's tidy (see composeKernel), on its inputs as tensors.
 */
export function simdProduct(backend: WasmBackendLike, p: Operands): tf.Tensor {
  const [ar, ac] = matrixShape(p.a)!;
  const [br, bc] = matrixShape(p.b)!;
  const [m, k] = p.transposeA ? [ac, ar] : [ar, ac];
  const n = p.transposeB ? br : bc;
  const outShape = [...Array(Math.max(p.a.rank, p.b.rank) - 2).fill(1), m, n];
  const a = tf.reshape(p.a, [ar, ac]);
  const b = tf.reshape(p.b, [br, bc]);
  const relu = p.relu === true;
  // Nothing to sum (the stock kernel returns uninitialised memory then), or nothing to write.
  if (k === 0 || m === 0 || n === 0) return finish(tf.zeros(outShape), p.bias, relu);
  if (!p.transposeB && !p.transposeA) return result(backend, outShape, (out) => productInto(backend, a, b, out, [m, k, n], p.bias, relu));
  return finish(transposedProduct(backend, a, b, p, [m, k, n], outShape), p.bias, relu);
}

/** `product` + bias, then ReLU, as tf ops (the transposed products do not fuse them). */
function finish(product: tf.Tensor, bias: tf.Tensor | undefined, relu: boolean): tf.Tensor {
  const biased = bias === undefined ? product : tf.add(product, tf.reshape(bias, [-1]));
  return relu ? tf.relu(biased) : biased;
}

/** op(A)·op(B) with at least one operand transposed, A and B as matrices. */
function transposedProduct(backend: WasmBackendLike, a: tf.Tensor, b: tf.Tensor, p: Operands, [m, k, n]: Dims, outShape: number[]): tf.Tensor {
  if (!p.transposeB) return result(backend, outShape, (out) => transposedProductInto(backend, a, b, out, [m, k, n]));
  // Aᵀ·Bᵀ: B transposed explicitly, then read in place.
  if (p.transposeA) return result(backend, outShape, (out) => transposedProductInto(backend, a, tf.transpose(b), out, [m, k, n]));
  // A·Bᵀ: transpose B (N*K floats), or compute (B·Aᵀ)ᵀ (M*K + M*N floats moved).
  if (n * k <= m * k + m * n) return result(backend, outShape, (out) => productInto(backend, a, tf.transpose(b), out, [m, k, n], undefined, false));
  const swapped = result(backend, [n, m], (out) => productInto(backend, b, tf.transpose(a), out, [n, k, m], undefined, false));
  return tf.reshape(tf.transpose(swapped), outShape);
}
