import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';
import { stockKernel } from './stock.js';

/**
 * Identity for the wasm backend that shares its input's data instead of copying it, as the
 * cpu and webgl backends do (and as the wasm Reshape already does). Tensor data is never
 * written in place, so a shared buffer is safe; the reference count keeps it alive until
 * both tensors are disposed. tfjs runs Identity on every custom-gradient op's inputs and
 * outputs (fused conv2d and matMul) and in its gradients: ~50 copies, ~6 ms per 64 MNIST
 * images. Strings keep the stock kernel (`stock`), which the wasm backend stores apart.
 */
function makeIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}

/**
 * Cast for the wasm backend that, like the cpu backend's, shares the input's data when the
 * dtype does not change (the stock kernel copies). tfjs's ReLU gradient casts a float32 step
 * function to float32: two 5 MB copies per 64 MNIST images. Real conversions go to `stock`.
 */
function makeCast(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string' || x.dtype !== (attrs as Partial<tf.CastAttrs> | undefined)?.dtype) return stock(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const identityConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: makeIdentity(stockKernel(tf.Identity)),
} satisfies tf.KernelConfig;

/** Registry entry; see `registerWasmTrainingKernels`. */
export const castConfig = {
  kernelName: tf.Cast,
  backendName: 'wasm',
  kernelFunc: makeCast(stockKernel(tf.Cast)),
} satisfies tf.KernelConfig;
