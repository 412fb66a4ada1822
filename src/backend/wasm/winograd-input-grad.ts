import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { winogradConvolve, winogradFilter, winogradFits, winogradTile, type WinogradPad } from './winograd.js';

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
 * `pad` (its top and left), from dy [n, oh, ow, Cout]: the correlation of dy, read as if
 * 2 - top rows and 2 - left columns of zeros were before it (the kernel reads zeros off its
 * edges, so no padded copy is made), with the filter turned by 180° and its channel axes
 * swapped; the turn is folded into the filter transform. Runs tf ops: call it inside a tidy.
 */
export function winogradInputGradient(backend: WasmBackendLike, dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], pad: WinogradPad): tf.Tensor4D {
  const [, height, width] = inputShape;
  const tile = winogradTile(height, width);
  const swapped = tf.transpose(filter, [0, 1, 3, 2]);
  const out = backend.makeOutput(inputShape, 'float32');
  winogradConvolve(backend, dy, winogradFilter(swapped, tile, true), undefined, out, false, tile, { top: 2 - pad.top, left: 2 - pad.left });
  return tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor4D;
}
