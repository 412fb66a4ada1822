import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './kernel-util.js';

/** Where the filter taps read a (pre-padded) NHWC input. */
export interface TapGeometry {
  batchSize: number;
  /** Height, width and channels of the padded input. */
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
}

/**
 * Copies, for each tap (i, j), the input pixels that tap reads — x[n, oh*sh + i, ow*sw + j, :]
 * — into `out` ([M, taps.length * C], M = N*OH*OW, tap-major within a row), straight in the
 * wasm heap. With stride 1 each (n, oh) row is one contiguous run, so this is a few thousand
 * memcpys; tf.slice on the 4-D tensor costs several times more.
 */
export function gatherTaps(
  backend: WasmBackendLike,
  x: tf.TensorInfo,
  out: tf.TensorInfo,
  taps: ReadonlyArray<readonly [number, number]>,
  g: TapGeometry,
): void {
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const c = g.channels;
  const rowWidth = taps.length * c;
  const rowPitch = g.width * c;
  let outRow = 0;
  for (let n = 0; n < g.batchSize; n++) {
    for (let oh = 0; oh < g.outHeight; oh++, outRow += g.outWidth) {
      const rowBase = (n * g.height + oh * g.strideHeight) * rowPitch;
      for (let t = 0; t < taps.length; t++) {
        const [i, j] = taps[t]!;
        const start = rowBase + i * rowPitch + j * c;
        const column = t * c;
        if (g.strideWidth === 1 && taps.length === 1) {
          // The whole output row is one contiguous run of OW*C values.
          dst.set(src.subarray(start, start + g.outWidth * c), outRow * rowWidth);
          continue;
        }
        for (let ow = 0; ow < g.outWidth; ow++) {
          const from = start + ow * g.strideWidth * c;
          const to = (outRow + ow) * rowWidth + column;
          if (c === 1) dst[to] = src[from]!;
          else dst.set(src.subarray(from, from + c), to);
        }
      }
    }
  }
}

