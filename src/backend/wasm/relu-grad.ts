import tf from '../../util/tfjs.cjs';
import { RELU_GRAD_KERNEL } from '../kernel-names.js';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/** dy * step(x) in one SIMD pass (as tf ops: Step, Cast and Multiply, and two temporaries). */
function reluGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`${RELU_GRAD_KERNEL} takes two float32 tensors of one shape; received ${dy.dtype} [${dy.shape}] and ${x.dtype} [${x.shape}]`);
  }
  const out = backend.makeOutput(x.shape.slice(), 'float32');
  const size = tf.util.sizeFromShape(x.shape);
  if (size === 0) return out;
  const at = (info: tf.TensorInfo) => heapAddress(backend, info);
  simdKernels(backend).reluGrad(at(dy), at(x), at(out), size);
  return out;
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const reluGradConfig = {
  kernelName: RELU_GRAD_KERNEL,
  backendName: 'wasm',
  kernelFunc: reluGrad as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
