import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { scratch, winogradBandRows, winogradFilterGradient, winogradInput, type WinogradPad, type WinogradTile } from './winograd.js';

/**
 * The filter gradient [3, 3, Cin, Cout] of a stride-1 3x3 convolution that winogradFits, from
 * its input `x` [n, h, w, Cin] read as if `pad` zero rows and columns were above and left of it
 * (and zeros below and right as far as whole tiles reach) and `dy` [n, oh, ow, Cout], by the
 * Winograd kernels of scripts/simd/winograd-grad-wat.ts and winograd4-grad-wat.ts (the
 * transposes of the forward ones: 16 multiply-adds per 2x2 tile, or 36 per 4x4 tile, and
 * channel pair where ./simd/filter-grad.ts does 36 per 2x2). Runs tf ops: call it inside a
 * kernel's tidy.
 */
export function winogradFilterGrad(backend: WasmBackendLike, x: tf.Tensor4D, dy: tf.Tensor4D, tile: WinogradTile, pad: WinogradPad): tf.Tensor4D {
  const [, outHeight, outWidth, outChannels] = dy.shape;
  const { input, pad: kernelPad } = winogradInput(x, outHeight, outWidth, pad, tile);
  const [n, height, width, inChannels] = input.shape;
  const positions = (tile + 2) ** 2;
  // F(4x4, 3x3)'s bands run on across images, as in its forward kernel.
  const bandRows = winogradBandRows(tile === 4 ? n * outHeight : outHeight, outWidth, inChannels, outChannels, tile);
  const bandTiles = bandRows * Math.ceil(outWidth / tile);
  const v = heapAddress(backend, scratch(backend, positions * bandTiles * inChannels));
  const z = heapAddress(backend, scratch(backend, positions * bandTiles * outChannels));
  const du = backend.makeOutput([positions, inChannels, outChannels], 'float32');
  (backend.typedArrayFromHeap(du) as Float32Array).fill(0);
  const duTensor = tf.engine().makeTensorFromTensorInfo(du) as tf.Tensor3D;
  const addresses = [heapAddress(backend, input), heapAddress(backend, dy), heapAddress(backend, du), v, z] as const;
  const sizes = [n, height, width, inChannels, outHeight, outWidth, outChannels] as const;
  const kernels = simdKernels(backend);
  if (tile === 2) kernels.winogradFilterGrad(...addresses, ...sizes, bandRows);
  else {
    const t = heapAddress(backend, scratch(backend, 36 * 4));
    const window = heapAddress(backend, scratch(backend, 36 * inChannels));
    kernels.winograd4FilterGrad(...addresses, t, window, ...sizes, kernelPad.top, kernelPad.left, bandRows);
  }
  return winogradFilterGradient(duTensor, tile);
}
