import tf from '../../util/tfjs.cjs';
import { RMSPROP_UPDATE_KERNEL, type RMSPropUpdateAttrs } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/**
 * RMSprop's whole per-variable update as one pass over memory (tfjs's RMSPropOptimizer is
 * eight element-wise kernels, each a pass with its own output: ~15 ms per CIFAR-10 step on
 * its 1.25M weights, serial after the data-parallel gradient shards). Outputs: the new
 * value, mean square and moment, equal bit for bit to tfjs's.
 */
function rmspropUpdate(args: WasmKernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const { value, meanSquare, moment, gradient } = args.inputs as Record<'value' | 'meanSquare' | 'moment' | 'gradient', tf.TensorInfo>;
  const { rho, momentum, epsilon, learningRate } = args.attrs as unknown as RMSPropUpdateAttrs;
  for (const input of [value, meanSquare, moment, gradient]) {
    if (input.dtype !== 'float32') throw new Error(`${RMSPROP_UPDATE_KERNEL} takes float32 tensors; received ${input.dtype}`);
  }
  const outputs = [0, 1, 2].map(() => backend.makeOutput(value.shape.slice(), 'float32'));
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).rmsprop(
    at(value), at(meanSquare), at(moment), at(gradient),
    at(outputs[0]!), at(outputs[1]!), at(outputs[2]!),
    tf.util.sizeFromShape(value.shape), rho, 1 - rho, momentum, epsilon, learningRate,
  );
  return outputs;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const rmspropUpdateConfig = {
  kernelName: RMSPROP_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: rmspropUpdate as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
