import tf from '../../util/tfjs.cjs';
import { adadeltaUpdateConfig } from './adadelta-update.js';
import { adamUpdateConfig } from './adam-update.js';
import { batchMatMulConfig } from './batch-mat-mul.js';
import { conv2DConfig, fusedConv2DConfig } from './conv2d.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop.js';
import { dropoutConfig } from './dropout.js';
import { fusedMatMulConfig } from './fused-mat-mul.js';
import { castConfig, identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { reluGradConfig } from './relu-grad.js';
import { rmspropUpdateConfig } from './rmsprop-update.js';
import { saveStock, takeSavedStock } from './stock.js';
import { sumConfig } from './sum.js';
import { transposeConfig } from './transpose.js';
import { weightedSumConfig } from './weighted-sum.js';

/**
 * Kernels kerasts registers for 'wasm', in the order they are registered (as
 * tfjs-backend-wasm's register_all_kernels.ts lists its own): Conv2DBackpropFilter (missing
 * from tfjs-backend-wasm 4.22) and faster Conv2D, FusedConv2D, Conv2DBackpropInput,
 * MaxPoolGrad, BatchMatMul and _FusedMatMul (single matrices in SIMD; batched transposed
 * operands), Sum (leading axes), Identity and Cast (no copy), the two depthwise-convolution
 * gradients (also missing), Transpose (batches of matrix transposes in SIMD), plus
 * KerasAdadelta's fused update, the weighted sum that combines data-parallel gradients,
 * ReLU's one-pass gradient and the hashed-in-place dropout (src/backend/kernel-names.ts).
 */
export const WASM_KERNEL_CONFIGS: readonly tf.KernelConfig[] = [
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  sumConfig,
  identityConfig,
  castConfig,
  adadeltaUpdateConfig,
  rmspropUpdateConfig,
  adamUpdateConfig,
  weightedSumConfig,
  reluGradConfig,
  dropoutConfig,
  depthwiseBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  transposeConfig,
];

/** Names of the kernels kerasts registers for 'wasm'. */
export const WASM_TRAINING_KERNELS: readonly string[] = WASM_KERNEL_CONFIGS.map((config) => config.kernelName);

function isOurs(kernelName: string): boolean {
  const current = tf.getKernel(kernelName, 'wasm')?.kernelFunc;
  return current !== undefined && WASM_KERNEL_CONFIGS.some((config) => config.kernelFunc === current);
}

/**
 * Registers kerasts's wasm kernels (all of `WASM_KERNEL_CONFIGS`, or the subset `kernels`:
 * the benchmark compares with the stock ones). Call it after `tf.setBackend('wasm')` has
 * resolved: the wrappers delegate some cases to the stock kernels, whose wasm functions are
 * bound by the backend's setup. Calling it again does nothing.
 */
export function registerWasmTrainingKernels(kernels: readonly string[] = WASM_TRAINING_KERNELS): void {
  const wanted = new Set(kernels);
  for (const config of WASM_KERNEL_CONFIGS) {
    if (!wanted.has(config.kernelName) || isOurs(config.kernelName)) continue;
    const previous = tf.getKernel(config.kernelName, 'wasm');
    saveStock(config.kernelName, previous);
    if (previous !== undefined) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

/**
 * Puts back the stock wasm kernels that `registerWasmTrainingKernels` replaced (kernels the
 * wasm backend lacks are simply unregistered). For the benchmark's with/without comparison.
 */
export function restoreStockWasmKernels(): void {
  for (const [kernelName, previous] of takeSavedStock()) {
    if (isOurs(kernelName)) tf.unregisterKernel(kernelName, 'wasm');
    if (previous !== undefined) tf.registerKernel(previous);
  }
}

/** Whether `registerWasmTrainingKernels` has replaced `kernelName` (for tests and the bench). */
export function isKerastsKernel(kernelName: string): boolean {
  return isOurs(kernelName);
}
