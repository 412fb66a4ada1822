import tf from '../../util/tfjs.cjs';
import { gemm, gemmShape } from './gemm.js';
import { composeKernel, swapLastTwo, type WasmKernelArgs } from './kernel-util.js';
import { stockKernel } from './stock.js';

/**
 * BatchMatMul for the wasm backend. A single float32 matrix product with at most one operand
 * transposed (a dense layer's gradients xᵀ·dy and dy·Wᵀ) goes to kerasts's SIMD product
 * kernels (./gemm.ts), which read transposed operands in place: 2.6 ms each for the MNIST
 * CNN's dense layer at 64 images through a transpose and a 1x1 convolution, ~1.7 there.
 *
 * Batched products go to the stock kernel, which reaches XNNPACK only when neither operand
 * is transposed; transposed operands would fall into a scalar loop (~1 GFLOP/s), so they are
 * transposed explicitly — a cheap memory pass — and the untransposed product goes to stock.
 *
 * XNNPACK repacks the right operand on every call (its cache is keyed by the operand's data,
 * and weights are new data each step), so a product with a small left and a wide right
 * operand — a dense layer's input gradient g·Wᵀ, [64, 128]·[128, 4608] — is mostly packing.
 * Such products are computed swapped, Cᵀ = op(B)ᵀ·op(A)ᵀ, and the small result transposed
 * back (~12 ms -> ~6.5 ms per 64 images).
 *
 * `stock` is the kernel this one replaces; it must be the stock kernel captured after the
 * wasm backend ran its setup, so its wasm function is bound.
 */
function makeBatchMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const single = gemmShape(a, b, transposeA, transposeB);
    if (single !== undefined) return gemm(backend, a, b, transposeA, transposeB, single);
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    // Rows of the result (M) and its columns (N).
    const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)]!;
    const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
    const swap = transposeA !== transposeB && rows < columns;
    return composeKernel(backend, [a, b], (aIn, bIn) => {
      // The nested matMuls are untransposed, so they come back here (to `gemm` for a single matrix, else `stock`).
      if (swap) {
        // A·Bᵀ = (B·Aᵀ)ᵀ and Aᵀ·B = (Bᵀ·A)ᵀ: the right operand to pack is then the small one.
        const product = transposeB ? tf.matMul(bIn!, swapLastTwo(aIn!)) : tf.matMul(swapLastTwo(bIn!), aIn!);
        return swapLastTwo(product);
      }
      return tf.matMul(transposeA ? swapLastTwo(aIn!) : aIn!, transposeB ? swapLastTwo(bIn!) : bIn!);
    });
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const batchMatMulConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: makeBatchMatMul(stockKernel(tf.BatchMatMul)),
} satisfies tf.KernelConfig;
