import tf from '../../util/tfjs.cjs';
import { WEIGHTED_SUM_KERNEL, type WeightedSumAttrs } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/** a*weightA + b*weightB in one SIMD pass (as tf ops: three kernels and two temporaries). */
function weightedSum(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { weightA, weightB } = args.attrs as unknown as WeightedSumAttrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !tf.util.arraysEqual(a.shape, b.shape)) {
    throw new Error(`${WEIGHTED_SUM_KERNEL} takes two float32 tensors of one shape; received ${a.dtype} [${a.shape}] and ${b.dtype} [${b.shape}]`);
  }
  const out = backend.makeOutput(a.shape.slice(), 'float32');
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).weightedSum(at(a), at(b), at(out), tf.util.sizeFromShape(a.shape), weightA, weightB);
  return out;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const weightedSumConfig = {
  kernelName: WEIGHTED_SUM_KERNEL,
  backendName: 'wasm',
  kernelFunc: weightedSum as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
