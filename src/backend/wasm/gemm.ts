import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/** Bytes of B a depth slice of the `gemm` kernel may take: it stays in L1 (48 KB here) while every row tile of A passes it. */
const SLICE_BYTES = 32 * 1024;
/** The fewest rows of B in a slice (a wide B then streams from L2); each slice reloads and stores the result. */
export const MIN_DEPTH_SLICE = 16;

/**
 * Rows of B per depth slice for a product with `columns` result columns: as many as fit
 * SLICE_BYTES. The dense layer's forward product (K = 4608) ran at ~7 GMAC/s unsliced.
 */
export function depthSlice(columns: number): number {
  return Math.max(MIN_DEPTH_SLICE, Math.floor(SLICE_BYTES / (4 * columns)));
}

/** The sizes of a product op(A)·op(B): result rows (M), columns (N), summed axis (K), and its shape. */
export interface ProductShape {
  rows: number;
  columns: number;
  depth: number;
  outShape: number[];
}

/** Leading axes all of size 1: a single matrix. */
const single = (t: tf.TensorInfo): boolean => t.shape.slice(0, -2).every((size) => size === 1);

/**
 * The shape of op(A)·op(B) when the SIMD product kernels compute it: float32 matrices
 * (leading axes of size 1), not both transposed, no empty axis. Undefined otherwise.
 */
export function gemmShape(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): ProductShape | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  if ((transposeA && transposeB) || !single(a) || !single(b)) return undefined;
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [rows, depth] = transposeA ? [ac, ar] : [ar, ac];
  const [bDepth, columns] = transposeB ? [bc, br] : [br, bc];
  if (depth !== bDepth || rows === 0 || columns === 0 || depth === 0) return undefined;
  return { rows, columns, depth, outShape: [...Array(Math.max(a.shape.length, b.shape.length) - 2).fill(1), rows, columns] };
}

/**
 * op(A)·op(B) (+ `bias`, one value per column, then max(0, ·) when `relu`) into a new
 * tensor, for a `shape` from `gemmShape`: A·B and Aᵀ·B by the `gemm` kernel (both read
 * along their rows), A·Bᵀ by `gemmNT` (row dot products). No operand is transposed or
 * repacked first.
 */
export function gemm(
  backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean,
  shape: ProductShape, bias?: tf.TensorInfo, relu = false,
): tf.TensorInfo {
  const out = backend.makeOutput(shape.outShape, 'float32');
  const kernels = simdKernels(backend);
  const { rows, columns, depth } = shape;
  const [pa, pb, pc] = [a, b, out].map((t) => heapAddress(backend, t)) as [number, number, number];
  const pBias = bias === undefined ? 0 : heapAddress(backend, bias);
  const flags = [bias === undefined ? 0 : 1, relu ? 1 : 0] as const;
  if (transposeB) kernels.gemmNT(pa, pb, pBias, pc, rows, columns, depth, ...flags);
  else kernels.gemm(pa, pb, pBias, pc, rows, columns, depth, transposeA ? 1 : 0, depthSlice(columns), ...flags);
  return out;
}
