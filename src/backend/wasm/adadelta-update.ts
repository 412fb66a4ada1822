import tf from '../../util/tfjs.cjs';
import { ADADELTA_UPDATE_KERNEL, type AdadeltaUpdateAttrs } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/**
 * KerasAdadelta's whole per-variable update as one pass over memory (the tf-ops version is
 * a dozen element-wise kernels, each a pass with its own output: ~12 ms per MNIST step,
 * serial between the data-parallel gradient shards). Outputs: the new value, accumulated
 * squared gradients and accumulated squared updates.
 */
function adadeltaUpdate(args: WasmKernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const { value, accumulatedGrad, accumulatedUpdate, gradient } = args.inputs as Record<'value' | 'accumulatedGrad' | 'accumulatedUpdate' | 'gradient', tf.TensorInfo>;
  const { rho, epsilon, learningRate } = args.attrs as unknown as AdadeltaUpdateAttrs;
  for (const input of [value, accumulatedGrad, accumulatedUpdate, gradient]) {
    if (input.dtype !== 'float32') throw new Error(`${ADADELTA_UPDATE_KERNEL} takes float32 tensors; received ${input.dtype}`);
  }
  const outputs = [0, 1, 2].map(() => backend.makeOutput(value.shape.slice(), 'float32'));
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).adadelta(
    at(value), at(accumulatedGrad), at(accumulatedUpdate), at(gradient),
    at(outputs[0]!), at(outputs[1]!), at(outputs[2]!),
    tf.util.sizeFromShape(value.shape), rho, 1 - rho, epsilon, learningRate,
  );
  return outputs;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const adadeltaUpdateConfig = {
  kernelName: ADADELTA_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adadeltaUpdate as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
