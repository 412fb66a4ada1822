import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { scratch, winogradBandRows, winogradFilterGradient, type WinogradTile } from './winograd.js';

/**
 * The filter gradient [3, 3, Cin, Cout] of a stride-1 3x3 convolution that winogradFits, from
 * its input `x` padded to at least winogradInputSize(oh, tile) rows and winogradInputSize(ow, tile)
 * columns and `dy` [n, oh, ow, Cout], by the Winograd kernels of
 * scripts/simd/winograd-grad-wat.ts and winograd4-grad-wat.ts (the transposes of the forward
 * ones: 16 multiply-adds per 2x2 tile, or 36 per 4x4 tile, and channel pair where
 * ./simd/filter-grad.ts does 36 per 2x2). Runs tf ops: call it
 * inside a kernel's tidy.
 */
export function winogradFilterGrad(backend: WasmBackendLike, x: tf.Tensor4D, dy: tf.Tensor4D, tile: WinogradTile = 2): tf.Tensor4D {
  const [n, height, width, inChannels] = x.shape;
  const [, outHeight, outWidth, outChannels] = dy.shape;
  const positions = (tile + 2) ** 2;
  // F(4x4, 3x3)'s bands run on across images, as in its forward kernel.
  const bandRows = winogradBandRows(tile === 4 ? n * outHeight : outHeight, outWidth, inChannels, outChannels, tile);
  const bandTiles = bandRows * Math.ceil(outWidth / tile);
  const v = heapAddress(backend, scratch(backend, positions * bandTiles * inChannels));
  const z = heapAddress(backend, scratch(backend, positions * bandTiles * outChannels));
  const du = backend.makeOutput([positions, inChannels, outChannels], 'float32');
  (backend.typedArrayFromHeap(du) as Float32Array).fill(0);
  const duTensor = tf.engine().makeTensorFromTensorInfo(du) as tf.Tensor3D;
  const addresses = [heapAddress(backend, x), heapAddress(backend, dy), heapAddress(backend, du), v, z] as const;
  const sizes = [n, height, width, inChannels, outHeight, outWidth, outChannels, bandRows] as const;
  const kernels = simdKernels(backend);
  if (tile === 2) kernels.winogradFilterGrad(...addresses, ...sizes);
  else kernels.winograd4FilterGrad(...addresses, heapAddress(backend, scratch(backend, 36 * 4)), ...sizes);
  return winogradFilterGradient(duTensor, tile);
}
