import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';

/**
 * Where the filter taps of a convolution write back to its input (the unpadded input, the
 * gradient being built), with the filter size and the padding the forward convolution
 * applied before its first row and column.
 */
export interface ScatterGeometry {
  batchSize: number;
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  filterHeight: number;
  filterWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * col2im: adds each patch row of `cols` ([N*OH*OW, kh*kw*C],
 * tap-major) back onto the input pixels it was read from, into `out` (NHWC, overwritten).
 * Taps that fall in the padding are dropped. Runs straight in the wasm heap.
 */
export function scatterTaps(backend: WasmBackendLike, cols: tf.TensorInfo, out: tf.TensorInfo, g: ScatterGeometry): void {
  const src = backend.typedArrayFromHeap(cols) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  dst.fill(0);
  const c = g.channels;
  const rowWidth = g.filterHeight * g.filterWidth * c;
  const rowPitch = g.width * c;
  let from = 0;
  for (let n = 0; n < g.batchSize; n++) {
    const image = n * g.height * rowPitch;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const top = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < g.outWidth; ow++, from += rowWidth) {
        const left = ow * g.strideWidth - g.padLeft;
        let tap = from;
        for (let i = 0; i < g.filterHeight; i++) {
          const r = top + i;
          if (r < 0 || r >= g.height) {
            tap += g.filterWidth * c;
            continue;
          }
          const rowBase = image + r * rowPitch;
          for (let j = 0; j < g.filterWidth; j++, tap += c) {
            const col = left + j;
            if (col < 0 || col >= g.width) continue;
            const to = rowBase + col * c;
            for (let k = 0; k < c; k++) dst[to + k]! += src[tap + k]!;
          }
        }
      }
    }
  }
}
