import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';

/**
 * The two gradients of a depthwise convolution, which tfjs-backend-wasm 4.22 does not ship
 * (so DepthwiseConv2D and SeparableConv2D could not train on it). A depthwise layer is small
 * beside a full convolution (one filter per input channel), so plain loops straight on the
 * backend's memory are enough; each keeps the cpu backend's summation order per output value.
 *
 * With filter W of shape [kh, kw, inChannels, multiplier], output channel d*multiplier + q
 * reads input channel d:
 *   dx[n, r, c, d]   = sum over taps and q of dy[n, oh, ow, d*m + q] * W[i, j, d, q]
 *   dW[i, j, d, q]   = sum over (n, oh, ow) of x[n, oh*s + i*dil - top, ow*s + j*dil - left, d] * dy[n, oh, ow, d*m + q]
 */

type DepthwiseGradAttrs = Pick<tf.DepthwiseConv2dNativeBackpropInputAttrs, 'strides' | 'dilations' | 'pad' | 'dimRoundingMode'>;

function geometry(xShape: number[], filterShape: number[], attrs: DepthwiseGradAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

/** Calls `visit(xIndex, dyIndex, wIndex)` for every (output pixel, tap, channel, multiplier) whose input lies inside the image. */
function forEachTap(info: tf.backend_util.Conv2DInfo, visit: (xAt: number, dyAt: number, wAt: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const multiplier = outChannels / inChannels;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyPixel = ((n * outHeight + oh) * outWidth + ow) * outChannels;
        for (let i = 0; i < filterHeight; i++) {
          const r = oh * strideHeight + i * dilationHeight - top;
          if (r < 0 || r >= inHeight) continue;
          for (let j = 0; j < filterWidth; j++) {
            const c = ow * strideWidth + j * dilationWidth - left;
            if (c < 0 || c >= inWidth) continue;
            const xPixel = ((n * inHeight + r) * inWidth + c) * inChannels;
            const wTap = (i * filterWidth + j) * outChannels;
            for (let d = 0; d < inChannels; d++) {
              for (let q = 0; q < multiplier; q++) visit(xPixel + d, dyPixel + d * multiplier + q, wTap + d * multiplier + q);
            }
          }
        }
      }
    }
  }
}

export function depthwiseConv2dNativeBackpropInput(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = geometry(attrs.inputShape, filter.shape, attrs);
  // Allocate before taking views: a later allocation may grow (and detach) the heap.
  const out = backend.makeOutput(attrs.inputShape.slice(), 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  dx.fill(0);
  forEachTap(info, (xAt, dyAt, wAt) => {
    dx[xAt]! += g[dyAt]! * w[wAt]!;
  });
  return out;
}

export function depthwiseConv2dNativeBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = geometry(x.shape, attrs.filterShape, attrs);
  const out = backend.makeOutput(attrs.filterShape.slice(), 'float32');
  const dw = backend.typedArrayFromHeap(out) as Float32Array;
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  dw.fill(0);
  forEachTap(info, (xAt, dyAt, wAt) => {
    dw[wAt]! += xs[xAt]! * g[dyAt]!;
  });
  return out;
}

/** Registry entries; the wasm backend has none of its own (see `registerWasmTrainingKernels`). */
export const depthwiseBackpropInputConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;

export const depthwiseBackpropFilterConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
