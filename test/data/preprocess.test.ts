import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLimit, oneHot, scalePixels, splitValidation, toTensors, type Split } from '../../src/data/preprocess.js';
import { UserError } from '../../src/errors.js';

test('scalePixels maps bytes to float32 x/255 and reorders channels for tf only', () => {
  // Two samples of 2 channels x 1 row x 2 cols, channel-major: [c0p0, c0p1, c1p0, c1p1].
  const pixels = Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4]);
  const th = scalePixels(pixels, 2, [2, 1, 2], 'th');
  const tf = scalePixels(pixels, 2, [2, 1, 2], 'tf');
  assert.deepEqual(Array.from(th), Array.from(pixels, (v) => Math.fround(v / 255)));
  assert.deepEqual(Array.from(tf), [0, 51, 255, 102, 1, 3, 2, 4].map((v) => Math.fround(v / 255)));
  assert.equal(scalePixels(pixels, 1, [2, 1, 2], 'tf').length, 4);
});

test('applyLimit keeps the first N and refuses non-positive or fractional limits', () => {
  assert.equal(applyLimit(100, undefined), 100);
  assert.equal(applyLimit(100, 10), 10);
  assert.equal(applyLimit(5, 10), 5);
  assert.throws(() => applyLimit(5, 0), UserError);
  assert.throws(() => applyLimit(5, 1.5), /limit must be a positive integer\. Received: 1\.5/);
});

function split(count: number, size = 2): Split {
  return { images: Float32Array.from({ length: count * size }, (_, i) => i), labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

test('splitValidation takes the last fraction, as Keras does (split_at = int(n * (1 - f)))', () => {
  const { train, validation } = splitValidation(split(10), 0.25);
  // int(10 * 0.75) = 7
  assert.equal(train.count, 7);
  assert.equal(validation.count, 3);
  assert.deepEqual(Array.from(validation.labels), [7, 8, 9]);
  assert.deepEqual(Array.from(validation.images), [14, 15, 16, 17, 18, 19]);
  assert.equal(train.images.length, 14);
  const none = splitValidation(split(4), 0);
  assert.equal(none.validation.count, 0);
  assert.throws(() => splitValidation(split(4), 1), /validation_split must be a number in \[0, 1\)\. Received: 1/);
  // Keras's 60000 * (1 - 0.1) = 54000 exactly.
  assert.equal(splitValidation(split(60000, 1), 0.1).train.count, 54000);
});

test('oneHot and toTensors give float32 one-hot rows and the requested shapes', () => {
  assert.deepEqual(Array.from(oneHot(Uint8Array.from([2, 0]), 3)), [0, 0, 1, 1, 0, 0]);
  assert.throws(() => oneHot(Uint8Array.from([3]), 3), /below the number of classes \(3\)\. Received: 3 at sample 0/);
  const data = split(3, 4);
  const { x, y } = toTensors(data, [2, 2, 1], 10);
  try {
    assert.deepEqual(x.shape, [3, 2, 2, 1]);
    assert.deepEqual(y.shape, [3, 10]);
    assert.equal(x.dtype, 'float32');
    assert.equal(y.dtype, 'float32');
    assert.deepEqual(Array.from(y.argMax(-1).dataSync()), [0, 1, 2]);
  } finally {
    x.dispose();
    y.dispose();
  }
});
