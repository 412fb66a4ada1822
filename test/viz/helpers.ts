// Shared by the viz, io and filters tests: small models with hand-set kernels.
import tf from '../../src/util/tfjs.cjs';
import { initBackend } from '../../src/backend/select.js';
import type { TfKernel } from '../../src/viz/kernel-layout.js';

let backendReady: Promise<boolean> | undefined;
/** The cpu backend, quietly (tests never touch wasm or native). */
export function useCpu(): Promise<boolean> {
  backendReady ??= initBackend('cpu').then((choice) => choice.name === 'cpu');
  return backendReady;
}

/**
 * A tf-layout kernel whose values are easy to predict: w[r, c, i, f] = f + (r * cols + c) / 10
 * + i / 100, except filter `constantFilter` (if given), which is all 0.5.
 */
export function handKernel(shape: [number, number, number, number], constantFilter?: number): TfKernel {
  const [rows, cols, inCh, filters] = shape;
  const data = new Float32Array(rows * cols * inCh * filters);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      for (let i = 0; i < inCh; i++)
        for (let f = 0; f < filters; f++) {
          const value = f === constantFilter ? 0.5 : f + (r * cols + c) / 10 + i / 100 - (f % 2 === 0 ? 0 : ((r * c) % 3) * 0.37);
          data[((r * cols + c) * inCh + i) * filters + f] = value;
        }
  return { data, shape };
}

/**
 * conv2d(kernel) → flatten → dense(2), channels last ("tf") or first ("th"), with `kernel`
 * (tf layout, as tfjs stores it for both orderings) set as the conv weights.
 */
export function convModel(kernel: TfKernel, ordering: 'tf' | 'th' = 'tf', size = 6): tf.LayersModel {
  const [rows, cols, inCh, filters] = kernel.shape;
  const inputShape = ordering === 'tf' ? [size, size, inCh] : [inCh, size, size];
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        name: 'conv_a',
        inputShape,
        filters,
        kernelSize: [rows, cols],
        dataFormat: ordering === 'tf' ? 'channelsLast' : 'channelsFirst',
      }),
      tf.layers.conv2d({ name: 'conv_b', filters: 2, kernelSize: 1, dataFormat: ordering === 'tf' ? 'channelsLast' : 'channelsFirst' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ name: 'out', units: 2 }),
    ],
  });
  const conv = model.getLayer('conv_a');
  const [, bias] = conv.getWeights();
  conv.setWeights([tf.tensor4d(kernel.data, [...kernel.shape]), bias!]);
  return model;
}

