import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { stockKernel } from './stock.js';

/**
 * A permutation that is a batch of 2-D transposes: the leading axes kept, then the remaining
 * axes split into two groups that swap places ([0, 3, 1, 2] NHWC -> NCHW, [0, 2, 3, 1] back,
 * [1, 0]). The sizes as (batches, rows, cols), or undefined for any other permutation.
 */
export function batchedTranspose(shape: readonly number[], perm: readonly number[]): { batches: number; rows: number; cols: number } | undefined {
  let lead = 0;
  while (lead < perm.length && perm[lead] === lead) lead++;
  if (lead >= perm.length - 1) return undefined;
  // After the kept axes, perm is [split, ..., rank - 1, lead, ..., split - 1].
  const split = perm[lead]!;
  const rank = perm.length;
  const expected = [...Array(rank - split).keys()].map((k) => split + k).concat([...Array(split - lead).keys()].map((k) => lead + k));
  if (!expected.every((axis, k) => perm[lead + k] === axis)) return undefined;
  const size = (from: number, to: number) => shape.slice(from, to).reduce((a, b) => a * b, 1);
  return { batches: size(0, lead), rows: size(lead, split), cols: size(split, rank) };
}

const stock = stockKernel(tf.Transpose);

/** Transpose for the wasm backend: ours for a float32 batch of 2-D transposes, else the stock kernel. */
function transpose(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const plan = x.dtype === 'float32' ? batchedTranspose(x.shape, perm) : undefined;
  if (plan === undefined) return stock(args as unknown as Parameters<tf.KernelFunc>[0]);
  const out = backend.makeOutput(perm.map((axis) => x.shape[axis]!), 'float32');
  if (plan.batches * plan.rows * plan.cols === 0) return out;
  simdKernels(backend).transpose2d(heapAddress(backend, x), heapAddress(backend, out), plan.batches, plan.rows, plan.cols);
  return out;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const transposeConfig = {
  kernelName: tf.Transpose,
  backendName: 'wasm',
  kernelFunc: transpose as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
