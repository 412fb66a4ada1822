import tf from '../../util/tfjs.cjs';
import { composeKernel, type WasmBackendLike, type WasmKernelArgs } from './kernel-util.js';
import { gemm, gemmShape } from './gemm.js';

/** A bias the kernels add as one value per result column: shape [..., 1, columns], float32. */
function columnBias(bias: tf.TensorInfo | undefined, columns: number): boolean {
  if (bias === undefined) return true;
  const rank = bias.shape.length;
  return bias.dtype === 'float32' && rank >= 1 && bias.shape[rank - 1] === columns && bias.shape.slice(0, -1).every((size) => size === 1);
}

/**
 * _FusedMatMul (what tfjs-layers' Dense calls: x·W + bias, then its activation) for the wasm
 * backend: ours (./gemm.ts) for a single float32 matrix product, not both operands
 * transposed, with a bias of one value per column or none and a linear or ReLU activation.
 * The stock kernel hands it to XNNPACK, which repacks W on every call (4.7 ms for the MNIST
 * CNN's [64, 4608]·[4608, 128] against ~2 here). Anything else is composed of tf ops
 * (`composed`), not handed to the stock kernel: tfjs-backend-wasm 4.22's adds the bias to
 * the wrong elements when an operand is transposed (results off by up to 0.84 from cpu's for
 * [9, 5]ᵀ·[9, 7] + bias) and for batches ([2, 3, 4]·[2, 4, 5] + bias, ReLU).
 */
function fusedMatMul(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
  const { a, b, bias, preluActivationWeights } = inputs as unknown as tf._FusedMatMulInputs;
  const { transposeA, transposeB, activation } = attrs as unknown as tf._FusedMatMulAttrs;
  const shape = gemmShape(a, b, transposeA, transposeB);
  const ours = shape !== undefined && preluActivationWeights === undefined && (activation === 'linear' || activation === 'relu') && columnBias(bias, shape.columns);
  if (ours) return gemm(backend, a, b, transposeA, transposeB, shape, bias, activation === 'relu');
  return composed(backend, inputs as unknown as tf._FusedMatMulInputs, attrs as unknown as tf._FusedMatMulAttrs);
}

/** The fused product as its parts: BatchMatMul (./batch-mat-mul.ts), then the bias, then the activation. */
function composed(backend: WasmBackendLike, inputs: tf._FusedMatMulInputs, attrs: tf._FusedMatMulAttrs): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights } = inputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs;
  const extra = [bias, preluActivationWeights].filter((t): t is tf.TensorInfo => t !== undefined);
  return composeKernel(backend, [a, b, ...extra], (aIn, bIn, ...rest) => {
    const biasIn = bias === undefined ? undefined : rest.shift();
    const preluIn = preluActivationWeights === undefined ? undefined : rest.shift();
    const product = tf.matMul(aIn!, bIn!, transposeA, transposeB);
    const biased = biasIn === undefined ? product : tf.add(product, biasIn);
    return activate(biased, activation, preluIn, leakyreluAlpha);
  });
}

/** `x` through one of the activations fused kernels take (tfjs-core's fused_util lists them). */
function activate(x: tf.Tensor, activation: tf._FusedMatMulAttrs['activation'], prelu: tf.Tensor | undefined, leakyreluAlpha = 0.2): tf.Tensor {
  switch (activation) {
    case 'linear': return x;
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'elu': return tf.elu(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'leakyrelu': return tf.leakyRelu(x, leakyreluAlpha);
    case 'prelu': return tf.prelu(x, prelu!);
    default: throw new Error(`_FusedMatMul: unknown activation '${String(activation)}'`);
  }
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const fusedMatMulConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
