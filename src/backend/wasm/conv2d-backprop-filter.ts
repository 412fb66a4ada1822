import tf from '../../util/tfjs.cjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';
import { convGeometry } from './conv-geometry.js';
import { filterGradient } from './simd/filter-grad.js';
import { winogradFits, winogradTile } from './winograd.js';
import { winogradFilterGrad } from './winograd-filter-grad.js';

/**
 * Conv2DBackpropFilter for the wasm backend, which does not ship one.
 *
 * dW[i, j, ci, co] = sum over (n, oh, ow) of xp[n, oh*s + i, ow*s + j, ci] * dy[n, oh, ow, co]
 * (xp = the padded input), computed by the SIMD kernel in ./simd/filter-grad.ts, or for a
 * stride-1 3x3 filter with channel counts multiples of 4 by Winograd (./winograd-filter-grad.ts).
 */
export function conv2DBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const [kh, kw, inChannels, outChannels] = attrs.filterShape;
  const info = convGeometry(x.shape as [number, number, number, number], attrs.filterShape, attrs);
  const { batchSize, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;

  const winograd = winogradFits(kh, kw, strideHeight, strideWidth, inChannels, outChannels);
  const tile = winogradTile(outHeight, outWidth);
  return composeKernel(backend, [x, dy], (xIn, dyIn) => {
    // Crop for a negative explicit pad; then tap (i, j) of output (oh, ow) reads row
    // oh*s + i - padTop and column ow*s + j - padLeft of the result.
    let cropped = xIn as tf.Tensor4D;
    if (top < 0 || left < 0) {
      cropped = tf.slice(cropped, [0, Math.max(0, -top), Math.max(0, -left), 0]);
    }
    const padTop = Math.max(0, top);
    const padLeft = Math.max(0, left);
    if (winograd) return winogradFilterGrad(backend, cropped, dyIn as tf.Tensor4D, tile, { top: padTop, left: padLeft });
    const padBottom = Math.max(0, (outHeight - 1) * strideHeight + kh - padTop - cropped.shape[1]);
    const padRight = Math.max(0, (outWidth - 1) * strideWidth + kw - padLeft - cropped.shape[2]);
    let padded = cropped;
    if (padTop + padBottom + padLeft + padRight > 0) {
      padded = tf.pad(padded, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
    }
    const out = backend.makeOutput([kh, kw, inChannels, outChannels], 'float32');
    filterGradient(backend, padded, dy, out, {
      batchSize,
      height: padded.shape[1],
      width: padded.shape[2],
      inChannels,
      outHeight,
      outWidth,
      outChannels,
      filterHeight: kh,
      filterWidth: kw,
      strideHeight,
      strideWidth,
    });
    return tf.engine().makeTensorFromTensorInfo(out);
  });
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const conv2DBackpropFilterConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
