import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from './kernel-util.js';

/**
 * Identity for the wasm backend that shares its input's data instead of copying it, as the
 * cpu and webgl backends do (and as the wasm Reshape already does). Tensor data is never
 * written in place, so a shared buffer is safe; the reference count keeps it alive until
 * both tensors are disposed. tfjs runs Identity on every custom-gradient op's inputs and
 * outputs (fused conv2d and matMul) and in its gradients: ~50 copies, ~6 ms per 64 MNIST
 * images. Strings keep the stock kernel (`stock`), which the wasm backend stores apart.
 */
export function makeIdentity(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}
