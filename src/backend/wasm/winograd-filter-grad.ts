import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';
import { scratch, winogradBandRows, winogradFilterGradient } from './winograd.js';

/**
 * The filter gradient [3, 3, Cin, Cout] of a stride-1 3x3 convolution that winogradFits, from
 * its input `x` padded to at least winogradInputSize(oh) rows and winogradInputSize(ow)
 * columns and `dy` [n, oh, ow, Cout], by the Winograd kernel of
 * scripts/simd/winograd-grad-wat.ts (the transpose of the forward one: 16 multiply-adds per
 * 2x2 tile and channel pair where ./simd/filter-grad.ts does 36). Runs tf ops: call it
 * inside a kernel's tidy.
 */
export function winogradFilterGrad(backend: WasmBackendLike, x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [n, height, width, inChannels] = x.shape;
  const [, outHeight, outWidth, outChannels] = dy.shape;
  const bandRows = winogradBandRows(outHeight, outWidth, inChannels, outChannels);
  const tilesW = Math.ceil(outWidth / 2);
  const v = scratch(backend, 16 * bandRows * tilesW * inChannels);
  const z = scratch(backend, 16 * bandRows * tilesW * outChannels);
  const du = backend.makeOutput([16, inChannels, outChannels], 'float32');
  (backend.typedArrayFromHeap(du) as Float32Array).fill(0);
  const duTensor = tf.engine().makeTensorFromTensorInfo(du) as tf.Tensor3D;
  simdKernels(backend).winogradFilterGrad(
    heapAddress(backend, x), heapAddress(backend, dy), heapAddress(backend, du), heapAddress(backend, v), heapAddress(backend, z),
    n, height, width, inChannels, outHeight, outWidth, outChannels, bandRows,
  );
  return winogradFilterGradient(duTensor);
}
