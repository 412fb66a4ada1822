import tf from '../../util/tfjs.cjs';
import { absorb } from '../../util/counter-hash.js';
import { DROPOUT_KERNEL, type DropoutAttrs } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/**
 * x times the dropout mask of (layer, step, row), hashed and applied in one SIMD pass: the
 * JavaScript path hashes every element into a mask tensor, then multiplies.
 */
function dropout(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { layer, step, row, rate } = args.attrs as unknown as DropoutAttrs;
  if (x.dtype !== 'float32') throw new Error(`${DROPOUT_KERNEL} takes a float32 tensor; received ${x.dtype}`);
  const out = backend.makeOutput(x.shape.slice(), 'float32');
  const rows = x.shape[0] ?? 1;
  const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
  if (rows * rowSize === 0) return out;
  // fillDropoutMask keeps u >= rate * 2^24 for integer u, i.e. u >= the ceiling.
  const threshold = Math.ceil(rate * 2 ** 24);
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).dropoutMask(at(x), at(out), rows, rowSize, absorb(absorb(0, layer), step), row, threshold, 1 / (1 - rate));
  return out;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const dropoutConfig = {
  kernelName: DROPOUT_KERNEL,
  backendName: 'wasm',
  kernelFunc: dropout as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
