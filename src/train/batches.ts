import tf from '../util/tfjs.cjs';
import type { BatchAugmenter } from '../data/images/augment.js';
import { rowsOf, type RowSource } from '../data/row-source.js';
import { seededRandom } from '../util/random.js';

/** Samples held as flat typed arrays; tensors are made a batch at a time so memory stays small. */
export interface ArraySamples {
  /** Inputs, `count` rows of `prod(inputShape)` floats each (held, or read from a file a batch at a time). */
  x: Float32Array | RowSource;
  /** Targets, `count` rows of `prod(targetShape)` floats each. */
  y: Float32Array;
  count: number;
  inputShape: number[];
  targetShape: number[];
  /** Training augmentation, applied to each gathered batch (never set on validation or test samples). */
  augment?: BatchAugmenter;
}

export { seededRandom } from '../util/random.js';

/**
 * The sample order of one epoch. Derived from the seed and the epoch number alone, so a
 * resumed run sees the same order as an uninterrupted one would have.
 */
export function epochOrder(count: number, shuffle: boolean, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (!shuffle) return order;
  const random = seededRandom(seed * 1_000_003 + epoch);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** Copies the rows `indices` of `source` (rows of `rowSize` floats) into one new array. */
export function gatherRows(source: Float32Array | RowSource, rowSize: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  if (source instanceof Float32Array) {
    for (let i = 0; i < indices.length; i++) {
      const start = indices[i] * rowSize;
      out.set(source.subarray(start, start + rowSize), i * rowSize);
    }
  } else {
    rowsOf(source, rowSize).read(indices, out);
  }
  return out;
}

/**
 * The tensors of one batch (caller disposes them). A training batch (`epoch` given) is augmented
 * when the samples carry an augmentation; evaluation passes no epoch, so it never is.
 */
export function makeBatch(samples: ArraySamples, indices: ArrayLike<number>, epoch?: number): { x: tf.Tensor; y: tf.Tensor } {
  const inputSize = samples.inputShape.reduce((a, b) => a * b, 1);
  const targetSize = samples.targetShape.reduce((a, b) => a * b, 1);
  const x = gatherRows(samples.x, inputSize, indices);
  if (epoch !== undefined) samples.augment?.(x, indices, epoch);
  return {
    x: tf.tensor(x, [indices.length, ...samples.inputShape]),
    y: tf.tensor(gatherRows(samples.y, targetSize, indices), [indices.length, ...samples.targetShape]),
  };
}

/** Splits an epoch's order into batches of at most `batchSize` (the last one may be smaller, as in Keras). */
export function batchRanges(count: number, batchSize: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < count; start += batchSize) ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}
