import * as tf from '@tensorflow/tfjs';
import { simdProduct, simdProductCovers } from './dense-product.js';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';
import { stockKernel } from './stock.js';

/**
 * _FusedMatMul (what tfjs-layers' Dense calls, with its bias) for the wasm backend: an
 * untransposed unbatched float32 product with a bias of one value per column or none and a
 * linear or ReLU activation is one pass of kerasts's SIMD kernel (./dense-product.ts), the
 * bias and ReLU applied as each result is stored; anything else goes to `stock`.
 */
function makeFusedMatMul(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { a, b, bias, preluActivationWeights } = inputs as Partial<tf._FusedMatMulInputs>;
    const { transposeA, transposeB, activation } = attrs as unknown as tf._FusedMatMulAttrs;
    const relu = activation === 'relu';
    const product = { a: a!, b: b!, transposeA, transposeB, bias, relu };
    if (preluActivationWeights !== undefined || (activation !== 'linear' && !relu) || !simdProductCovers(product)) return stock(args);
    const operands = bias === undefined ? [a!, b!] : [a!, b!, bias];
    return composeKernel(backend, operands, (aIn, bIn, biasIn) => simdProduct(backend, { ...product, a: aIn!, b: bIn!, bias: biasIn }));
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const fusedMatMulConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: makeFusedMatMul(stockKernel(tf._FusedMatMul)),
} satisfies tf.KernelConfig;
