import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scaleChannelsLast, scaleImageInto } from '../../../src/data/images/scale.js';

test('uint8 channels-last images scale to [0, 1] floats in either layout', () => {
  // Two 1x2 RGB images.
  const pixels = Uint8Array.from([0, 51, 255, 102, 153, 204, 255, 0, 0, 0, 0, 255]);
  const tf = scaleChannelsLast(pixels, 2, [1, 2, 3], 'tf');
  assert.deepEqual([...tf], [...pixels].map((v) => Math.fround(v / 255)));
  const th = scaleChannelsLast(pixels, 2, [1, 2, 3], 'th');
  // Image 0 channel-major: R of both pixels, then G, then B.
  assert.deepEqual([...th.subarray(0, 6)], [0, 102, 51, 153, 255, 204].map((v) => Math.fround(v / 255)));
  const one = new Float32Array(8);
  scaleImageInto(pixels, 6, one, 2, [1, 2, 3], 'th');
  assert.deepEqual([...one], [0, 0, 1, 0, 0, 0, 0, 1]);
});
