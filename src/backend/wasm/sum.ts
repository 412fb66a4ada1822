import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { stockKernel } from './stock.js';

/**
 * Sum for the wasm backend. Bias gradients sum dy over every axis but the last
 * ([N, H, W, C] -> [C]); the stock kernel first transposes the whole tensor so the reduced
 * axes are innermost (9–14 ms per conv layer at batch 128). Here such a sum over leading
 * axes is one SIMD pass down the rows (./simd, `sumRows`), adding them in order. Every other
 * reduction goes to the stock kernel `stock`.
 */
function makeSum(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((value, index) => value === index);
    // An empty x (no rows) is summed here too: the stock kernel returns uninitialised memory for it.
    if (!leading || x.dtype !== 'float32') return stock(args);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const kept = x.shape.slice(axes.length);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    simdKernels(backend).sumRows(heapAddress(backend, x), heapAddress(backend, out), rows, tf.util.sizeFromShape(kept));
    return out;
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const sumConfig = {
  kernelName: tf.Sum,
  backendName: 'wasm',
  kernelFunc: makeSum(stockKernel(tf.Sum)),
} satisfies tf.KernelConfig;
