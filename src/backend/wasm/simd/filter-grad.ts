import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../kernel-util.js';
import { channelBlocks, heapAddress, simdKernels } from './module.js';

/** What the kernel needs to know of the convolution, for an input already padded so that every tap reads inside it. */
export interface FilterGradGeometry {
  batchSize: number;
  /** Height, width and channels of the padded input. */
  height: number;
  width: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
}

/**
 * Writes the filter gradient dW [kh, kw, Cin, Cout] of a convolution into `out`, straight
 * from the padded NHWC input and dy in the wasm heap, with hand-written SIMD loops
 * (scripts/simd/filter-grad-wat.ts). XNNPACK has no such operation; phrased as one of its
 * convolutions or matrix products it needs a repacked copy of dy and an input transposed
 * batch-last, and ran at about half the speed of its forward convolution (~57 ms against
 * ~31 ms for an MNIST conv2 at 64 images; this kernel ~25 ms).
 */
export function filterGradient(backend: WasmBackendLike, x: tf.TensorInfo, dy: tf.TensorInfo, out: tf.TensorInfo, g: FilterGradGeometry): void {
  const kernels = simdKernels(backend);
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const args = [
    heapAddress(backend, x), heapAddress(backend, dy), heapAddress(backend, out),
    g.batchSize, g.height, g.width, g.inChannels,
    g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth,
  ] as const;
  for (const [width, start, end] of channelBlocks(g.outChannels)) kernels[`filterGrad${width}`](...args, start, end);
}
