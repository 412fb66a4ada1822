import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { stockKernel } from './stock.js';

/** A transpose seen as `batches` row-major [rows, cols] matrices, each transposed. */
export interface RowsTranspose {
  batches: number;
  rows: number;
  cols: number;
}

/**
 * When `perm` keeps some leading axes and swaps the two groups of axes after them —
 * [0..k-1, s..n-1, k..s-1] — the transpose is a batch of matrix transposes: NHWC -> NCHW
 * ([0, 3, 1, 2]) and back ([0, 2, 3, 1]), as channels-first layers do around every
 * convolution and pooling, and [1, 0]. Undefined for any other permutation (and the identity).
 */
export function asRowsTranspose(shape: readonly number[], perm: readonly number[]): RowsTranspose | undefined {
  const n = shape.length;
  let k = 0;
  while (k < n && perm[k] === k) k++;
  if (k >= n - 1) return undefined;
  const s = perm[k]!;
  const rest = [...Array(n - s).keys()].map((i) => s + i).concat([...Array(s - k).keys()].map((i) => k + i));
  if (s <= k || rest.some((axis, i) => perm[k + i] !== axis)) return undefined;
  const size = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return { batches: size(0, k), rows: size(k, s), cols: size(s, n) };
}

/**
 * Transpose for the wasm backend: batches of matrix transposes (see `asRowsTranspose`) of
 * 4-byte values in SIMD 4x4 blocks (./simd). The stock kernel moves one value at a time:
 * about 1.6 ms for each of the eight NHWC <-> NCHW transposes a th-ordering MNIST step does
 * per 64 images. Other permutations and dtypes go to `stock` (an empty tensor does not: the
 * stock kernel divides by zero there).
 */
function makeTranspose(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    const shape = perm.map((axis) => x.shape[axis]!);
    // The stock kernel divides by zero on an empty tensor; there is nothing to move.
    if (tf.util.sizeFromShape(x.shape) === 0 && x.dtype !== 'string') return backend.makeOutput(shape, x.dtype);
    const rows = asRowsTranspose(x.shape, perm);
    if (rows === undefined || (x.dtype !== 'float32' && x.dtype !== 'int32')) return stock(args);
    const out = backend.makeOutput(shape, x.dtype);
    simdKernels(backend).transposeRows(heapAddress(backend, x), heapAddress(backend, out), rows.batches, rows.rows, rows.cols);
    return out;
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const transposeConfig = {
  kernelName: tf.Transpose,
  backendName: 'wasm',
  kernelFunc: makeTranspose(stockKernel(tf.Transpose)),
} satisfies tf.KernelConfig;
