import tf from '../../util/tfjs.cjs';
import type { WasmKernelArgs } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/**
 * MaxPoolGrad for the wasm backend straight on the backend's memory: the Keras default
 * (2x2, stride 2, valid) in SIMD (./simd), other pools as a loop here. Per MNIST step the
 * stock kernel took 50–70 ms, the JavaScript loop 6–10 ms, the SIMD one about 1. Each dy
 * value goes to the first maximum of its window in row-major order — the position the
 * forward pass and the cpu backend pick — so ties send the whole gradient to one input, as
 * in TensorFlow.
 */
export function maxPoolGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  // Allocate before taking views: a later allocation may grow (and detach) the heap.
  const out = backend.makeOutput(input.shape.slice(), 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  if (fh === 2 && fw === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 && outHeight * 2 <= inHeight && outWidth * 2 <= inWidth) {
    // The Keras default (pool 2, stride 2, valid): disjoint windows of four fixed
    // candidates, in SIMD. Only pixels outside every window need zeroing beforehand.
    if (outHeight * 2 < inHeight || outWidth * 2 < inWidth) dx.fill(0);
    const at = (tensor: tf.TensorInfo) => heapAddress(backend, tensor);
    simdKernels(backend).maxPoolGrad2x2(at(input), at(dy), at(out), batchSize, inHeight, inWidth, ch, outHeight, outWidth);
    return out;
  }
  dx.fill(0);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < outHeight; r++) {
      const r0 = r * strideHeight - top;
      for (let c = 0; c < outWidth; c++) {
        const c0 = c * strideWidth - left;
        for (let d = 0; d < ch; d++, o++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let i = Math.max(0, r0); i < Math.min(inHeight, r0 + fh); i++) {
            for (let j = Math.max(0, c0); j < Math.min(inWidth, c0 + fw); j++) {
              const p = ((b * inHeight + i) * inWidth + j) * ch + d;
              if (best < 0 || x[p]! > bestValue) {
                best = p;
                bestValue = x[p]!;
              }
            }
          }
          if (best >= 0) dx[best]! += g[o]!;
        }
      }
    }
  }
  return out;
}

/** Registry entry; replaces the stock wasm kernel (see `registerWasmTrainingKernels`). */
export const maxPoolGradConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
} satisfies tf.KernelConfig;
