import tf from '../util/tfjs.cjs';
import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { RowSource } from './row-source.js';

/** One split of a dataset, ready for training. */
export interface Split {
  /** Pixels scaled to [0, 1], laid out NHWC ("tf") or NCHW ("th"). */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  /**
   * Set when the images are not held in memory but read from a file batch by batch (a split
   * over the in-memory limit); `images` is then empty.
   */
  streamed?: RowSource;
}

/** Image shape without the sample axis, in the requested ordering. */
export type ImageShape = [number, number, number];

/** (rows, cols, channels) for "tf", (channels, rows, cols) for "th". */
export function imageShapeFor(rows: number, cols: number, channels: number, ordering: ImageDimOrdering): ImageShape {
  return ordering === 'tf' ? [rows, cols, channels] : [channels, rows, cols];
}

// x / 255 in float32, as Keras's `x.astype('float32') / 255`; a table makes it one lookup.
const SCALE = Float32Array.from({ length: 256 }, (_, value) => value / 255);

/**
 * Converts channel-major bytes (samples, channels, rows, cols) — how both IDX (one
 * channel) and CIFAR files store pixels — to float32 in [0, 1] in the requested layout, in
 * one pass. Only the first `count` samples are converted, so `limit` saves the memory too.
 */
export function scalePixels(pixels: Uint8Array, count: number, chw: ImageShape, ordering: ImageDimOrdering): Float32Array {
  const [channels, rows, cols] = chw;
  const size = channels * rows * cols;
  const out = new Float32Array(count * size);
  if (ordering === 'th' || channels === 1) {
    // Same order as the file: a straight scaled copy.
    for (let i = 0; i < out.length; i += 1) out[i] = SCALE[pixels[i]!]!;
    return out;
  }
  const plane = rows * cols;
  for (let n = 0; n < count; n += 1) {
    const base = n * size;
    for (let c = 0; c < channels; c += 1) {
      const from = base + c * plane;
      for (let p = 0; p < plane; p += 1) out[base + p * channels + c] = SCALE[pixels[from + p]!]!;
    }
  }
  return out;
}

/** Checks a `limit` and returns how many samples to keep. */
export function applyLimit(available: number, limit: number | undefined): number {
  if (limit === undefined) return available;
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new UserError(`limit must be a positive integer. Received: ${limit}.`, { code: 'BAD_LIMIT' });
  }
  return Math.min(limit, available);
}

/** Samples `[start, end)` of a split, sharing its memory. */
function slice(split: Split, start: number, end: number): Split {
  if (split.streamed) return { images: split.images, labels: split.labels.subarray(start, end), count: end - start, streamed: split.streamed.slice(start, end) };
  const size = split.count === 0 ? 0 : split.images.length / split.count;
  return { images: split.images.subarray(start * size, end * size), labels: split.labels.subarray(start, end), count: end - start };
}

/**
 * Splits off a validation set as Keras's `validation_split` does: the last `fraction` of
 * the samples, taken before any shuffling (`split_at = int(n * (1 - fraction))`).
 * Both halves share the original memory.
 */
export function splitValidation(split: Split, fraction: number): { train: Split; validation: Split } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new UserError(`validation_split must be a number in [0, 1). Received: ${fraction}.`, { code: 'BAD_VALIDATION_SPLIT' });
  }
  const at = Math.floor(split.count * (1 - fraction));
  return { train: slice(split, 0, at), validation: slice(split, at, split.count) };
}

/** One-hot float32 rows, as Keras's `to_categorical`. */
export function oneHot(labels: Uint8Array, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i]!;
    if (label >= numClasses) {
      throw new UserError(`every label must be below the number of classes (${numClasses}). Received: ${label} at sample ${i}.`, { code: 'DATA_BAD_LABEL' });
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}

/**
 * Makes training tensors from a split: `x` of shape [count, ...imageShape] and `y` one-hot
 * float32 of shape [count, numClasses]. The caller owns (and disposes) both.
 */
export function toTensors(split: Split, imageShape: ImageShape, numClasses: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  if (split.streamed) throw new Error('a streamed split is read batch by batch, never as one tensor');
  const x = tf.tensor4d(split.images, [split.count, ...imageShape], 'float32');
  const y = tf.tensor2d(oneHot(split.labels, numClasses), [split.count, numClasses], 'float32');
  return { x, y };
}
