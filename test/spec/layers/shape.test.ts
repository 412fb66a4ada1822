import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatShape, imageShape, requireImage, sampleSize, windowFits, windowLength } from '../../../src/spec/layers/shape.js';

test('window lengths follow tfjs convOutputLength (no dilation)', () => {
  assert.equal(windowLength(28, 3, 1, 'valid'), 26);
  assert.equal(windowLength(28, 3, 2, 'same'), 14);
  assert.equal(windowLength(7, 2, 2, 'valid'), 3);
  assert.equal(windowLength(7, 2, 2, 'same'), 4);
  assert.equal(windowLength(null, 3, 1, 'valid'), null);
});

test('image shapes, sizes and printing', () => {
  assert.deepEqual(imageShape('channels_first', 4, 5, 3), [null, 3, 4, 5]);
  assert.deepEqual(imageShape('channels_last', 4, 5, 3), [null, 4, 5, 3]);
  assert.equal(sampleSize([null, 4, 5, 3]), 60);
  assert.equal(formatShape([null, 10]), '(None, 10)');
  assert.equal(formatShape([7]), '(7,)');
});

test('problems: a 2-D input to an image layer, a window wider than its input', () => {
  assert.match(requireImage([null, 16], 'channels_first')!.message, /needs a 4-D input \(batch, channels, rows, cols\)\. Received: input shape \(None, 16\)\./);
  assert.equal(requireImage([null, 4, 4, 1], 'channels_last'), undefined);
  assert.match(windowFits('pool_size', [3, 3], 'valid', [null, 2, 8, 1], 'channels_last')!.message, /pool_size \(3, 3\) must fit in its input's rows and cols \(2, 8\)/);
  assert.equal(windowFits('pool_size', [3, 3], 'same', [null, 2, 8, 1], 'channels_last'), undefined);
});
