import tf from '../../util/tfjs.cjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

type AdamInput = 'value' | 'firstMoment' | 'secondMoment' | 'gradient' | 'oneMinusAccBeta1' | 'oneMinusAccBeta2';

/**
 * Adam's whole per-variable update as one pass over memory (tfjs's AdamOptimizer is a
 * dozen element-wise kernels per variable, serial after the data-parallel gradient shards).
 * Outputs: the new value, first and second moments, equal bit for bit to tfjs's.
 */
function adamUpdate(args: WasmKernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const inputs = args.inputs as Record<AdamInput, tf.TensorInfo>;
  const { value, firstMoment, secondMoment, gradient, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs;
  const { beta1, beta2, epsilon, learningRate } = args.attrs as unknown as AdamUpdateAttrs;
  for (const input of Object.values(inputs)) {
    if (input.dtype !== 'float32') throw new Error(`${ADAM_UPDATE_KERNEL} takes float32 tensors; received ${input.dtype}`);
  }
  for (const correction of [oneMinusAccBeta1, oneMinusAccBeta2]) {
    if (tf.util.sizeFromShape(correction.shape) !== 1) throw new Error(`${ADAM_UPDATE_KERNEL}'s bias corrections are scalars; received shape [${correction.shape.join(', ')}]`);
  }
  const outputs = [0, 1, 2].map(() => backend.makeOutput(value.shape.slice(), 'float32'));
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).adam(
    at(value), at(firstMoment), at(secondMoment), at(gradient), at(oneMinusAccBeta1), at(oneMinusAccBeta2),
    at(outputs[0]!), at(outputs[1]!), at(outputs[2]!),
    tf.util.sizeFromShape(value.shape), beta1, 1 - beta1, beta2, 1 - beta2, epsilon, -learningRate,
  );
  return outputs;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const adamUpdateConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
