import * as tf from '@tensorflow/tfjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';

/**
 * BatchMatMul for the wasm backend. The stock kernel reaches XNNPACK only when neither
 * operand is transposed; the dense-layer gradients pass transposed operands and fall into
 * a scalar loop (~1 GFLOP/s). Here a transposed operand is transposed explicitly — a cheap
 * memory pass — and the untransposed product goes to the stock kernel (~295 ms -> ~28 ms
 * per MNIST step).
 *
 * `stock` is the kernel this one replaces; it must be the stock kernel captured after the
 * wasm backend ran its setup, so its wasm function is bound.
 */
export function makeBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    return composeKernel(backend, [a, b], (aIn, bIn) =>
      // The nested matMul is untransposed, so it comes back here and goes to `stock`.
      tf.matMul(transposeA ? swapLastTwo(aIn!) : aIn!, transposeB ? swapLastTwo(bIn!) : bIn!),
    );
  };
}

function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, axis) => axis);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return tf.transpose(t, perm);
}
