import * as tf from '@tensorflow/tfjs';
import { adadeltaUpdateConfig } from './adadelta-update.js';
import { makeBatchMatMul } from './batch-mat-mul.js';
import { makeConv2D, makeFusedConv2D } from './conv2d.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { makeCast, makeIdentity } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { weightedSumConfig } from './weighted-sum.js';
import { makeSum } from './sum.js';

/** Marks our kernel functions so that a second registration can recognise them. */
const KERASTS_KERNEL = Symbol.for('kerasts.wasmKernel');

type MarkedKernelFunc = tf.KernelFunc & { [KERASTS_KERNEL]?: true };

/** Kernels kerasts registers for 'wasm', in the order they are registered. */
export const WASM_TRAINING_KERNELS = ['Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Sum', 'Identity', 'Cast', 'KerasAdadeltaUpdate', 'KerastsWeightedSum'] as const;
export type WasmTrainingKernel = (typeof WASM_TRAINING_KERNELS)[number];

function isOurs(kernelName: string): boolean {
  const current = tf.getKernel(kernelName, 'wasm')?.kernelFunc as MarkedKernelFunc | undefined;
  return current?.[KERASTS_KERNEL] === true;
}

/** Stock kernels we replaced, so that `restoreStockWasmKernels` can put them back. */
const replaced = new Map<string, tf.KernelConfig | undefined>();

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (isOurs(kernelName)) return;
  const marked = kernelFunc as MarkedKernelFunc;
  marked[KERASTS_KERNEL] = true;
  const previous = tf.getKernel(kernelName, 'wasm');
  replaced.set(kernelName, previous);
  if (previous !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: marked });
}

/** The stock kernel that a wrapping kernel falls back to; it must exist. */
function stock(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`The wasm backend has no ${kernelName} kernel to extend.`);
  return config.kernelFunc;
}

/**
 * Registers the kernels that let the wasm backend train CNNs, and train them fast:
 * Conv2DBackpropFilter (missing from tfjs-backend-wasm 4.22) and faster Conv2D, FusedConv2D,
 * Conv2DBackpropInput, MaxPoolGrad, BatchMatMul (transposed operands), Sum (leading axes),
 * Identity and Cast (no copy), plus KerasAdadelta's fused update and the weighted sum that
 * combines data-parallel gradients (src/backend/kernel-names.ts).
 *
 * Call it after `tf.setBackend('wasm')` has resolved: the wrappers delegate some cases to
 * the stock kernels, whose wasm functions are bound by the backend's setup. Calling it again
 * does nothing. `kernels` picks a subset (the benchmark compares with the stock ones).
 */
export function registerWasmTrainingKernels(kernels: readonly WasmTrainingKernel[] = WASM_TRAINING_KERNELS): void {
  const wanted = new Set<string>(kernels);
  if (wanted.has('Conv2D') && !isOurs('Conv2D')) replace('Conv2D', makeConv2D(stock('Conv2D')));
  if (wanted.has('FusedConv2D') && !isOurs('FusedConv2D')) replace('FusedConv2D', makeFusedConv2D(stock('FusedConv2D')));
  if (wanted.has('Conv2DBackpropFilter')) replace('Conv2DBackpropFilter', conv2DBackpropFilterConfig.kernelFunc);
  if (wanted.has('Conv2DBackpropInput')) replace('Conv2DBackpropInput', conv2DBackpropInputConfig.kernelFunc);
  if (wanted.has('MaxPoolGrad')) replace('MaxPoolGrad', maxPoolGradConfig.kernelFunc);
  // Wrappers are built only when needed: building one captures the current (stock) kernel.
  if (wanted.has('BatchMatMul') && !isOurs('BatchMatMul')) replace('BatchMatMul', makeBatchMatMul(stock('BatchMatMul')));
  if (wanted.has('Sum') && !isOurs('Sum')) replace('Sum', makeSum(stock('Sum')));
  if (wanted.has('Identity') && !isOurs('Identity')) replace('Identity', makeIdentity(stock('Identity')));
  if (wanted.has('Cast') && !isOurs('Cast')) replace('Cast', makeCast(stock('Cast')));
  if (wanted.has('KerasAdadeltaUpdate')) replace('KerasAdadeltaUpdate', adadeltaUpdateConfig.kernelFunc);
  if (wanted.has('KerastsWeightedSum')) replace('KerastsWeightedSum', weightedSumConfig.kernelFunc);
}

/**
 * Puts back the stock wasm kernels that `registerWasmTrainingKernels` replaced (kernels the
 * wasm backend lacks are simply unregistered). For the benchmark's with/without comparison.
 */
export function restoreStockWasmKernels(): void {
  for (const [kernelName, previous] of replaced) {
    if (isOurs(kernelName)) tf.unregisterKernel(kernelName, 'wasm');
    if (previous !== undefined) tf.registerKernel(previous);
  }
  replaced.clear();
}

/** Whether `registerWasmTrainingKernels` has replaced `kernelName` (for tests and the bench). */
export function isKerastsKernel(kernelName: string): boolean {
  return isOurs(kernelName);
}
