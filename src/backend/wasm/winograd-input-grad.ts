import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { scratch, winogradBandRows, winogradConvolve, winogradFilter, winogradFits, winogradTile, type WinogradPad } from './winograd.js';

/**
 * Whether the input gradient of a convolution runs as one Winograd convolution of dy: stride 1,
 * a 3x3 filter whose channel counts winogradFits, and padding of at most 2 rows (columns) above
 * (left of) the input, so that dy is read with 2 - top (2 - left) zero rows (columns) before it.
 */
export function winogradInputGradientFits(filterShape: [number, number, number, number], strideHeight: number, strideWidth: number, pad: WinogradPad): boolean {
  const [kh, kw, inChannels, outChannels] = filterShape;
  return winogradFits(kh, kw, strideHeight, strideWidth, outChannels, inChannels) && pad.top <= kh - 1 && pad.left <= kw - 1;
}

/**
 * dx [n, h, w, Cin] of a stride-1 3x3 convolution with `filter` [3, 3, Cin, Cout] and padding
 * `pad` (its top and left), from dy [n, oh, ow, Cout]. F(4x4, 3x3) when dy has fewer tiles
 * than dx: the transpose of the forward Winograd convolution
 * (scripts/simd/winograd4-input-grad-wat.ts), one 4x4 tile per tile of dy, which for the MNIST
 * conv2 is 36 tiles an image where the convolution below takes 49. Otherwise (and for small
 * outputs, F(2x2, 3x3)): the correlation of dy, read as if 2 - top
 * rows and 2 - left columns of zeros were before it, with the filter turned by 180° (folded
 * into the filter transform) and its channel axes swapped. Runs tf ops: call it inside a tidy.
 */
export function winogradInputGradient(backend: WasmBackendLike, dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], pad: WinogradPad): tf.Tensor4D {
  const [, height, width] = inputShape;
  const tile = winogradTile(height, width);
  const swapped = tf.transpose(filter, [0, 1, 3, 2]);
  const out = backend.makeOutput(inputShape, 'float32');
  if (tile === 4 && fewerTiles(dy.shape, inputShape)) transposedWinograd(backend, dy, winogradFilter(swapped, 4), out, pad);
  else winogradConvolve(backend, dy, winogradFilter(swapped, tile, true), undefined, out, false, tile, { top: 2 - pad.top, left: 2 - pad.left });
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}

/**
 * Whether dy has fewer 4x4 tiles than dx (a 'valid' convolution's): the transposed kernel then
 * does less work. With as many ('same'), the convolution was ~3% faster (no zeroing of dx, no
 * adding into it).
 */
function fewerTiles(dyShape: number[], inputShape: number[]): boolean {
  const tiles = (shape: number[]) => Math.ceil(shape[1]! / 4) * Math.ceil(shape[2]! / 4);
  return tiles(dyShape) < tiles(inputShape);
}

/** dx (`out`, zeroed here) += the transposed F(4x4, 3x3) Winograd convolution of dy with u = winogradFilter(swapped filter). */
function transposedWinograd(backend: WasmBackendLike, dy: tf.Tensor4D, u: tf.Tensor3D, out: tf.TensorInfo, pad: WinogradPad): void {
  const [n, outHeight, outWidth, outChannels] = dy.shape;
  const [, height, width, inChannels] = out.shape as [number, number, number, number];
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const bandRows = winogradBandRows(n * outHeight, outWidth, outChannels, inChannels, 4);
  const bandTiles = bandRows * Math.ceil(outWidth / 4);
  const z = heapAddress(backend, scratch(backend, 36 * bandTiles * outChannels));
  const m = heapAddress(backend, scratch(backend, 36 * bandTiles * inChannels));
  const t = heapAddress(backend, scratch(backend, 36 * 4));
  const window = heapAddress(backend, scratch(backend, 36 * inChannels));
  simdKernels(backend).winograd4InputGrad(
    heapAddress(backend, dy), heapAddress(backend, u), heapAddress(backend, out), z, m, t, window,
    n, height, width, outChannels, outHeight, outWidth, inChannels, pad.top, pad.left, bandRows,
  );
}
