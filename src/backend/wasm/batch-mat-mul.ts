import tf from '../../util/tfjs.cjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';
import { productAsConv } from './product-as-conv.js';
import { stockKernel } from './stock.js';

/**
 * BatchMatMul for the wasm backend. The stock kernel reaches XNNPACK only when neither
 * operand is transposed; the dense-layer gradients pass transposed operands and fall into
 * a scalar loop (~1 GFLOP/s). Here a transposed operand is transposed explicitly — a cheap
 * memory pass — and the untransposed product goes to the stock kernel (~295 ms -> ~28 ms
 * per MNIST step).
 *
 * XNNPACK repacks the right operand on every call (its cache is keyed by the operand's data,
 * and weights are new data each step), so a product with a small left and a wide right
 * operand — a dense layer's input gradient g·Wᵀ, [64, 128]·[128, 4608] — is mostly packing.
 * Such products are computed swapped, Cᵀ = op(B)ᵀ·op(A)ᵀ, and the small result transposed
 * back (~12 ms -> ~6.5 ms per 64 images). Unbatched transposed products with a short
 * summed axis (a dense layer's gradients) go to the SIMD convolution instead (./product-as-conv.ts).
 *
 * `stock` is the kernel this one replaces; it must be the stock kernel captured after the
 * wasm backend ran its setup, so its wasm function is bound.
 */
function makeBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    // Rows of the result (M) and its columns (N).
    const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)]!;
    const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
    const swap = transposeA !== transposeB && rows < columns;
    return composeKernel(backend, [a, b], (aIn, bIn) => {
      const asConv = productAsConv(aIn!, bIn!, transposeA, transposeB);
      if (asConv !== undefined) return asConv;
      // The nested matMuls are untransposed, so they come back here and go to `stock`.
      if (swap) {
        // A·Bᵀ = (B·Aᵀ)ᵀ and Aᵀ·B = (Bᵀ·A)ᵀ: the right operand to pack is then the small one.
        const product = transposeB ? tf.matMul(bIn!, swapLastTwo(aIn!)) : tf.matMul(swapLastTwo(bIn!), aIn!);
        return swapLastTwo(product);
      }
      return tf.matMul(transposeA ? swapLastTwo(aIn!) : aIn!, transposeB ? swapLastTwo(bIn!) : bIn!);
    });
  };
}

function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, axis) => axis);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return tf.transpose(t, perm);
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const batchMatMulConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: makeBatchMatMul(stockKernel(tf.BatchMatMul)),
} satisfies tf.KernelConfig;
