import tf from '../../util/tfjs.cjs';
import { composeKernel, type WasmKernelArgs } from './kernel-util.js';
import { convGeometry } from './conv-geometry.js';
import { scatterTaps } from './scatter-taps.js';
import { winogradInputGradient, winogradInputGradientFits } from './winograd-input-grad.js';

/**
 * Up to this many patch columns (kh*kw*Cin) dx is one product and a col2im, else a
 * convolution. A convolution with a single output channel cannot use the SIMD lanes: for an
 * MNIST net's first layer (dx of the image, 9 columns, which tfjs computes although nothing
 * uses it) the col2im took ~8 ms per 64 images against ~12 ms for our Conv2D (~20 ms for
 * XNNPACK's).
 */
const MAX_COL2IM_COLUMNS = 64;

/**
 * Conv2DBackpropInput for the wasm backend, replacing the stock kernel (a scalar loop,
 * about 1 s per MNIST step) by a product and a col2im for few patch columns, one Winograd
 * convolution of the unpadded dy where it fits (./winograd-input-grad.ts), else one forward
 * Conv2D (kerasts's SIMD kernel, ./conv2d.ts).
 *
 * dx is the correlation of dy — with s-1 zeros inserted between its elements when the
 * stride s > 1 — with the spatially flipped filter whose in/out channels are swapped,
 * padded by (k-1-top) before and whatever makes the output H long after.
 */
export function conv2DBackpropInput(args: WasmKernelArgs): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const filterShape = filter.shape as [number, number, number, number];
  const [kh, kw] = filterShape;
  const [n] = attrs.inputShape;
  const info = convGeometry(attrs.inputShape, filterShape, attrs);
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const [, , inChannels, outChannels] = filterShape;

  if (kh * kw * inChannels <= MAX_COL2IM_COLUMNS) {
    return composeKernel(args.backend, [dy, filter], (dyIn, filterIn) => {
      const rows = n * outHeight * outWidth;
      const dy2 = tf.reshape(dyIn, [rows, outChannels]);
      // cols[m, (i*kw + j)*Cin + c]: what output pixel m sends back through tap (i, j) to channel c.
      const cols = tf.matMul(dy2, tf.reshape(filterIn, [kh * kw * inChannels, outChannels]), false, true);
      const out = args.backend.makeOutput([n, inHeight, inWidth, inChannels], 'float32');
      scatterTaps(args.backend, cols, out, {
        batchSize: n,
        height: inHeight,
        width: inWidth,
        channels: inChannels,
        outHeight,
        outWidth,
        strideHeight,
        strideWidth,
        filterHeight: kh,
        filterWidth: kw,
        padTop: top,
        padLeft: left,
      });
      return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
    });
  }

  if (winogradInputGradientFits(filterShape, strideHeight, strideWidth, { top, left })) {
    return composeKernel(args.backend, [dy, filter], (dyIn, filterIn) =>
      winogradInputGradient(args.backend, dyIn as tf.Tensor4D, filterIn as tf.Tensor4D, [n, inHeight, inWidth, inChannels], { top, left }));
  }

  return composeKernel(args.backend, [dy, filter], (dyIn, filterIn) => {
    let grad = dyIn as tf.Tensor4D;
    const channels = grad.shape[3];
    if (strideHeight > 1 || strideWidth > 1) {
      // Zero-stuffing as a pad of two unit axes, then a reshape: no scatter loop needed.
      const expanded = tf.reshape(grad, [n, outHeight, 1, outWidth, 1, channels]);
      const stuffed = tf.pad(expanded, [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]]);
      grad = tf.reshape(stuffed, [n, outHeight * strideHeight, outWidth * strideWidth, channels]);
    }
    // Padding per side; a negative value means rows of dy that reach no input pixel.
    let padTop = kh - 1 - top;
    let padLeft = kw - 1 - left;
    let padBottom = inHeight + top - grad.shape[1];
    let padRight = inWidth + left - grad.shape[2];
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      const rowStart = Math.max(0, -padTop);
      const colStart = Math.max(0, -padLeft);
      const rowEnd = grad.shape[1] + Math.min(0, padBottom);
      const colEnd = grad.shape[2] + Math.min(0, padRight);
      grad = tf.slice(grad, [0, rowStart, colStart, 0], [n, rowEnd - rowStart, colEnd - colStart, channels]);
      padTop = Math.max(0, padTop);
      padLeft = Math.max(0, padLeft);
      padBottom = Math.max(0, padBottom);
      padRight = Math.max(0, padRight);
    }
    const flipped = tf.transpose(tf.reverse(filterIn as tf.Tensor4D, [0, 1]), [0, 1, 3, 2]);
    return tf.conv2d(grad, flipped as tf.Tensor4D, 1, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  });
}

/** Registry entry; replaces the stock wasm kernel (see `registerWasmTrainingKernels`). */
export const conv2DBackpropInputConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
