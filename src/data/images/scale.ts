import type { ImageDimOrdering } from '../../settings/constants.js';

/**
 * One uint8 channels-last image (at `pixels[from]`) as float32 in [0, 1] at `out[at]`, laid out
 * for the ordering. Held and streamed splits both scale through here, so they give the same floats.
 */
export function scaleImageInto(pixels: Uint8Array, from: number, out: Float32Array, at: number, [rows, cols, channels]: [number, number, number], ordering: ImageDimOrdering): void {
  const size = rows * cols * channels;
  if (ordering === 'tf' || channels === 1) {
    for (let i = 0; i < size; i++) out[at + i] = pixels[from + i]! / 255;
    return;
  }
  const plane = rows * cols;
  for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[at + c * plane + p] = pixels[from + p * channels + c]! / 255;
}

/** Uint8 channels-last pixels of `count` images as float32 in [0, 1], laid out for the ordering. */
export function scaleChannelsLast(pixels: Uint8Array, count: number, hwc: [number, number, number], ordering: ImageDimOrdering): Float32Array {
  const size = hwc[0] * hwc[1] * hwc[2];
  const out = new Float32Array(count * size);
  for (let n = 0; n < count; n++) scaleImageInto(pixels, n * size, out, n * size, hwc, ordering);
  return out;
}
