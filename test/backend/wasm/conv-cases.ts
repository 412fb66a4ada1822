// Convolution cases shared by the wasm Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter tests.
import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { relaxedSimdSupported, useSimdVariant, type SimdVariant } from '../../../src/backend/wasm/simd/module.js';
import { values } from '../compare.js';

/**
 * The convolution kernels are tested in both builds. The relaxed one fuses each multiply-add
 * (one rounding instead of two), so it is held to the same float32 tolerance against cpu as
 * the plain one: |wasm - cpu| <= 1e-4 + 1e-4 * |cpu| (assertClose's default).
 */
export const VARIANTS: SimdVariant[] = ['plain', 'relaxed'];

/** Runs the registered kernels on `variant`; the relaxed build must be available (scripts/run-tests.mjs enables it on Node 20). */
export function onVariant(variant: SimdVariant): void {
  if (variant === 'relaxed') assert.ok(relaxedSimdSupported(), 'this runtime does not validate relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd; run via scripts/run-tests.mjs)');
  useSimdVariant(variant);
}

export type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase { name: string; x: [number, number, number, number]; k: [number, number]; cout: number; stride: 1 | 2; pad: Pad }

export const CONV_CASES: ConvCase[] = [
  { name: 'valid, stride 1, one channel', x: [2, 7, 6, 1], k: [3, 3], cout: 4, stride: 1, pad: 'valid' },
  { name: 'valid, stride 1, many channels', x: [2, 7, 6, 5], k: [3, 3], cout: 3, stride: 1, pad: 'valid' },
  { name: 'same, stride 1, many channels', x: [2, 6, 7, 6], k: [3, 3], cout: 2, stride: 1, pad: 'same' },
  { name: 'same, stride 2, many channels', x: [2, 7, 8, 9], k: [3, 3], cout: 3, stride: 2, pad: 'same' },
  { name: 'valid, stride 2, one channel, 2x3 kernel', x: [3, 8, 7, 1], k: [2, 3], cout: 2, stride: 2, pad: 'valid' },
  { name: 'asymmetric explicit padding, stride 1', x: [2, 6, 5, 8], k: [3, 3], cout: 2, stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: 'asymmetric explicit padding, stride 2', x: [2, 7, 6, 3], k: [3, 2], cout: 5, stride: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: 'numeric padding 1, stride 2, one out channel', x: [1, 5, 5, 10], k: [3, 3], cout: 1, stride: 2, pad: 1 },
  // The filter-gradient kernel takes output channels 16, then 4, then 1 at a time.
  { name: 'valid, stride 1, 32 out channels', x: [2, 7, 6, 4], k: [3, 3], cout: 32, stride: 1, pad: 'valid' },
  { name: 'same, stride 2, 21 out channels, odd kernel rows', x: [2, 7, 8, 3], k: [3, 3], cout: 21, stride: 2, pad: 'same' },
  { name: 'same, stride 1, one channel, 8 out channels', x: [2, 6, 6, 1], k: [2, 2], cout: 8, stride: 1, pad: 'same' },
];

/** Every (variant, case) pair. */
export const VARIANT_CASES = VARIANTS.flatMap((v) => CONV_CASES.map((c) => [v, c] as const));

/** The case's input and filter data (the same on both backends). */
export function convData(c: ConvCase): { xData: Float32Array; wData: Float32Array; wShape: [number, number, number, number] } {
  const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
  return { xData: values(tf.util.sizeFromShape(c.x), 1), wData: values(tf.util.sizeFromShape(wShape), 2), wShape };
}

/** The case's convolution of `x` with `w`. */
export function convolve(c: ConvCase, x: tf.Tensor, w: tf.Tensor): tf.Tensor4D {
  return tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad as 'valid', 'NHWC', 1, c.pad === 1 ? 'floor' : undefined);
}

/**
 * sum(conv(x, w) * r) for a fixed r of the output's shape: the loss weights each output
 * differently, so a transposed or misplaced gradient shows.
 */
export function weightedLoss(c: ConvCase, x: tf.Tensor, w: tf.Tensor): tf.Scalar {
  const y = convolve(c, x, w);
  const r = tf.tensor(values(y.size, 3), y.shape);
  return tf.sum(tf.mul(y, r));
}
