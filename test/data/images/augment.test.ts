import assert from 'node:assert/strict';
import { test } from 'node:test';
import { augments, makeAugmenter } from '../../../src/data/images/augment.js';
import { makeBatch, type ArraySamples } from '../../../src/train/batches.js';

const ROWS = 6;
const COLS = 8;

/** `count` distinct images (rows x cols x channels, tf layout): value = f(sample, row, col, channel). */
function images(count: number, channels: number, value: (n: number, r: number, c: number, ch: number) => number): Float32Array {
  const out = new Float32Array(count * ROWS * COLS * channels);
  for (let n = 0; n < count; n++) for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) for (let ch = 0; ch < channels; ch++) out[((n * ROWS + r) * COLS + c) * channels + ch] = value(n, r, c, ch);
  return out;
}
const image = (batch: Float32Array, i: number, size = ROWS * COLS) => [...batch.subarray(i * size, (i + 1) * size)];

test('no augmentation, or one that changes nothing, is none', () => {
  assert.equal(makeAugmenter(undefined, [ROWS, COLS, 1], 'tf', 1), undefined);
  assert.equal(makeAugmenter({ width_shift_range: 0, horizontal_flip: false, zoom_range: 0, fill_mode: 'nearest' }, [ROWS, COLS, 1], 'tf', 1), undefined);
  assert.equal(augments({ zoom_range: [1, 1] }), false);
  assert.equal(augments({ rotation_range: 10 }), true);
});

test('each image draws from (seed, epoch, sample) only: reproducible, independent of the batch, new each epoch', () => {
  const options = { width_shift_range: 0.2, height_shift_range: 0.2, horizontal_flip: true, rotation_range: 15, zoom_range: 0.1 };
  const source = images(4, 1, (n, r, c) => (n * 7 + r * 3 + c * c) / 100);
  const run = (seed: number, epoch: number, indices: number[]) => {
    const batch = new Float32Array(indices.flatMap((i) => image(source, i)));
    makeAugmenter(options, [ROWS, COLS, 1], 'tf', seed)!(batch, indices, epoch);
    return batch;
  };
  const a = run(1, 1, [0, 1, 2]);
  assert.deepEqual(run(1, 1, [0, 1, 2]), a, 'the same seed and epoch give the same images');
  assert.deepEqual(image(run(1, 1, [3, 2]), 1), image(a, 2), 'sample 2 looks the same in another batch');
  assert.notDeepEqual(image(run(1, 2, [0]), 0), image(a, 0), 'another epoch, another transform');
  assert.notDeepEqual(image(run(2, 1, [0]), 0), image(a, 0), 'another seed, another transform');
  assert.notDeepEqual(image(a, 0), image(source, 0));
});

test('horizontal_flip mirrors columns or leaves the image; width shifts move along columns only', () => {
  const source = images(16, 1, (n, r, c) => n + r * 10 + c);
  const batch = source.slice();
  makeAugmenter({ horizontal_flip: true }, [ROWS, COLS, 1], 'tf', 3)!(batch, Array.from({ length: 16 }, (_, i) => i), 1);
  let flipped = 0;
  for (let n = 0; n < 16; n++) {
    const mirrored = image(source, n).map((_, p) => source[n * ROWS * COLS + Math.floor(p / COLS) * COLS + (COLS - 1 - (p % COLS))]!);
    const got = image(batch, n);
    if (got.every((v, p) => v === mirrored[p])) flipped += 1;
    else assert.deepEqual(got, image(source, n), `image ${n} is either mirrored or unchanged`);
  }
  assert.ok(flipped > 2 && flipped < 14, `about half flipped: ${flipped} of 16`);

  // An image that varies only down the rows is unchanged by width shifts (fill_mode nearest).
  const rowsOnly = images(4, 1, (n, r) => r + n);
  const shifted = rowsOnly.slice();
  makeAugmenter({ width_shift_range: 0.3, fill_mode: 'nearest' }, [ROWS, COLS, 1], 'tf', 9)!(shifted, [0, 1, 2, 3], 1);
  for (let i = 0; i < shifted.length; i++) assert.ok(Math.abs(shifted[i]! - rowsOnly[i]!) < 1e-5, `pixel ${i}`);
  const colsOnly = images(4, 1, (n, _r, c) => c + n);
  const moved = colsOnly.slice();
  makeAugmenter({ width_shift_range: 0.3 }, [ROWS, COLS, 1], 'tf', 9)!(moved, [0, 1, 2, 3], 1);
  assert.notDeepEqual(moved, colsOnly);
});

test('fill_mode constant fills with cval; th and tf layouts get the same transform', () => {
  const ones = images(1, 1, () => 1);
  const filled = ones.slice();
  makeAugmenter({ width_shift_range: 0.5, height_shift_range: 0.5, fill_mode: 'constant', cval: 0 }, [ROWS, COLS, 1], 'tf', 4)!(filled, [0], 1);
  assert.ok(filled.some((v) => v === 0), 'pixels shifted in from outside are cval');

  const options = { width_shift_range: 0.2, rotation_range: 20, horizontal_flip: true };
  const tf = images(2, 3, (n, r, c, ch) => n + r * 0.1 + c * 0.01 + ch);
  const th = new Float32Array(tf.length);
  for (let n = 0; n < 2; n++) for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) for (let ch = 0; ch < 3; ch++) th[((n * 3 + ch) * ROWS + r) * COLS + c] = tf[((n * ROWS + r) * COLS + c) * 3 + ch]!;
  makeAugmenter(options, [ROWS, COLS, 3], 'tf', 5)!(tf, [0, 1], 2);
  makeAugmenter(options, [3, ROWS, COLS], 'th', 5)!(th, [0, 1], 2);
  for (let n = 0; n < 2; n++) for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) for (let ch = 0; ch < 3; ch++) {
    assert.equal(th[((n * 3 + ch) * ROWS + r) * COLS + c], tf[((n * ROWS + r) * COLS + c) * 3 + ch]);
  }
});

test('makeBatch augments training batches only: without an epoch (evaluation) the images are untouched', () => {
  const x = images(3, 1, (n, r, c) => n + r + c);
  const samples: ArraySamples = {
    x,
    y: new Float32Array(3),
    count: 3,
    inputShape: [ROWS, COLS, 1],
    targetShape: [1],
    augment: makeAugmenter({ horizontal_flip: true, width_shift_range: 0.3 }, [ROWS, COLS, 1], 'tf', 1),
  };
  const evaluation = makeBatch(samples, [0, 1, 2]);
  assert.deepEqual(evaluation.x.dataSync(), x);
  const training = makeBatch(samples, [0, 1, 2], 1);
  assert.notDeepEqual(training.x.dataSync(), x);
  assert.deepEqual(samples.x, images(3, 1, (n, r, c) => n + r + c), 'the dataset itself is never changed');
  [evaluation, training].forEach(({ x: bx, y: by }) => {
    bx.dispose();
    by.dispose();
  });
});

test('an augmenter carries what rebuilds it in a worker thread, and the rebuilt one draws the same images', () => {
  const options = { width_shift_range: 0.2, rotation_range: 20, horizontal_flip: true };
  const augment = makeAugmenter(options, [6, 5, 3], 'tf', 9)!;
  const spec = structuredClone(augment.spec!);
  assert.deepEqual(spec, { options, shape: [6, 5, 3], ordering: 'tf', seed: 9 });
  const rebuilt = makeAugmenter(spec.options, spec.shape, spec.ordering, spec.seed)!;
  const a = Float32Array.from({ length: 2 * 90 }, (_, i) => (i % 17) / 17);
  const b = a.slice();
  augment(a, [3, 11], 2);
  rebuilt(b, [3, 11], 2);
  assert.deepEqual(b, a);
});
