import * as tf from '@tensorflow/tfjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';

/**
 * Sum for the wasm backend. Bias gradients sum dy over every axis but the last
 * ([N, H, W, C] -> [C]); the stock kernel first transposes the whole tensor so the reduced
 * axes are innermost (9–14 ms per conv layer at batch 128). Viewed as one image
 * [1, A, B, C] (A*B = the reduced size), that sum is an XNNPACK average pool over the whole
 * image times A*B: about a millisecond, and no operand to pack as a product with a row of
 * ones would have. Every other reduction goes to the stock kernel `stock`.
 */
export function makeSum(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((value, index) => value === index);
    if (!leading || x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return stock(args);
    const reducedDims = x.shape.slice(0, axes.length);
    const width = reducedDims[reducedDims.length - 1]!;
    const height = reducedDims.slice(0, -1).reduce((p, q) => p * q, 1);
    const kept = x.shape.slice(axes.length);
    const columns = kept.reduce((p, q) => p * q, 1);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    return composeKernel(backend, [x], (xIn) => {
      const image = tf.reshape(xIn!, [1, height, width, columns]) as tf.Tensor4D;
      const mean = tf.avgPool(image, [height, width], 1, 'valid');
      return tf.reshape(tf.mul(mean, height * width), outShape);
    });
  };
}
