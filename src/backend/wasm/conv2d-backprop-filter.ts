import * as tf from '@tensorflow/tfjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';
import { convGeometry, type ConvGradAttrs } from './conv-geometry.js';
import { batchLast } from './batch-last.js';
import { gatherTaps, type TapGeometry } from './gather-taps.js';

/** Up to this many patch columns (kh*kw*Cin) the im2col product is used, else a convolution. */
const MAX_IM2COL_COLUMNS = 64;

/**
 * Conv2DBackpropFilter for the wasm backend, which does not ship one.
 *
 * dW[i, j, ci, co] = sum over (n, oh, ow) of xp[n, oh*s + i, ow*s + j, ci] * dy[n, oh, ow, co]
 * (xp = the padded input). With few input channels (an MNIST net's first layer has one)
 * the pixels all taps read are gathered into patches [M, kh*kw*Cin] (M = N*OH*OW) and dW is
 * one untransposed product dyT[Cout, M] x patches, XNNPACK's fast path. With many channels
 * it is one forward Conv2D (see below).
 */
export function conv2DBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: [number, number, number, number] };
  const [kh, kw, inChannels, outChannels] = attrs.filterShape;
  const info = convGeometry(x.shape as [number, number, number, number], attrs.filterShape, attrs);
  const { batchSize, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const rows = batchSize * outHeight * outWidth;
  const taps: Array<[number, number]> = [];
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) taps.push([i, j]);

  return composeKernel(backend, [x, dy], (xIn, dyIn) => {
    const x4 = xIn as tf.Tensor4D;
    const dy4 = dyIn as tf.Tensor4D;
    // Pad (or, for a negative explicit pad, crop) so that tap (i, j) of output (oh, ow)
    // reads row oh*s + i and column ow*s + j; rows no tap reads are cropped.
    const needRows = (outHeight - 1) * strideHeight + kh;
    const needCols = (outWidth - 1) * strideWidth + kw;
    let padded = x4;
    if (top < 0 || left < 0) {
      padded = tf.slice(padded, [0, Math.max(0, -top), Math.max(0, -left), 0]);
    }
    const padTop = Math.max(0, top);
    const padLeft = Math.max(0, left);
    const padBottom = Math.max(0, needRows - padTop - padded.shape[1]);
    const padRight = Math.max(0, needCols - padLeft - padded.shape[2]);
    if (padTop + padBottom + padLeft + padRight > 0) {
      padded = tf.pad(padded, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
    }
    const geometry: TapGeometry = {
      batchSize,
      height: padded.shape[1],
      width: padded.shape[2],
      channels: inChannels,
      outHeight,
      outWidth,
      strideHeight,
      strideWidth,
    };
    const view = (group: ReadonlyArray<readonly [number, number]>): tf.Tensor2D => {
      const out = backend.makeOutput([rows, group.length * inChannels], 'float32');
      gatherTaps(backend, padded, out, group, geometry);
      return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor2D;
    };
    if (kh * kw * inChannels <= MAX_IM2COL_COLUMNS) {
      const dyT = tf.transpose(tf.reshape(dy4, [rows, outChannels])); // [Cout, M]
      const product = tf.matMul(dyT, view(taps)); // [Cout, kh*kw*Cin]
      return tf.transpose(tf.reshape(product, [outChannels, kh, kw, inChannels]), [1, 2, 3, 0]);
    }
    // Many channels: dW is itself a convolution, of the input with channels and batch
    // swapped ([Cin, H, W, N]) by dy as the filter ([OH, OW, N, Cout], dilated by the stride),
    // giving [Cin, kh, kw, Cout]. XNNPACK packs dy once and streams the input; on this kind
    // of machine that beat kh*kw separate products (~115 ms against ~200 ms at batch 128).
    const exact = padded.shape[1] === needRows && padded.shape[2] === needCols
      ? padded
      : tf.slice(padded, [0, 0, 0, 0], [batchSize, needRows, needCols, inChannels]);
    const input = batchLast(backend, exact as tf.Tensor4D);
    const filter = tf.transpose(dy4, [1, 2, 0, 3]);
    const dilations: [number, number] = [strideHeight, strideWidth];
    const product = tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 1, 'valid', 'NHWC', dilations);
    return tf.transpose(product, [1, 2, 0, 3]);
  });
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const conv2DBackpropFilterConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
