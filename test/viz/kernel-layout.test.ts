import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flipSpatial, tfIndex, tfToTh, thIndex, thToTf } from '../../src/viz/kernel-layout.js';

const shape = [2, 3, 4, 5] as const; // rows, cols, in, filters: all different, so a mixed-up axis shows
const data = Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, k) => k);

test('tfToTh moves each element (r, c, i, f) to (f, i, r, c)', () => {
  const th = tfToTh({ data, shape });
  assert.deepEqual(th.shape, [5, 4, 2, 3]);
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < 4; i++)
        for (let f = 0; f < 5; f++) assert.equal(th.data[thIndex(th.shape, f, i, r, c)], data[tfIndex(shape, r, c, i, f)]);
  // Spot checks by hand: th element (f=1, i=0, r=0, c=0) is tf element 1; (f=0, i=1, r=0, c=0) is tf element 5.
  assert.equal(th.data[2 * 3 * 4], 1);
  assert.equal(th.data[2 * 3], 5);
  assert.equal(th.data[1], 4 * 5); // th (0, 0, 0, 1) = tf (0, 1, 0, 0)
});

test('thToTf inverts tfToTh, and tfToTh inverts thToTf', () => {
  const back = thToTf(tfToTh({ data, shape }));
  assert.deepEqual(back.shape, shape);
  assert.deepEqual(back.data, data);
  const thShape = [3, 2, 4, 5] as const;
  const thData = Float32Array.from({ length: 120 }, (_, k) => k * 0.5 - 7);
  assert.deepEqual(tfToTh(thToTf({ data: thData, shape: thShape })).data, thData);
});

test('layout functions reject data that does not fit the shape', () => {
  assert.throws(() => tfToTh({ data: new Float32Array(5), shape }), /must hold 120 values.*Received: 5/);
  assert.throws(() => thToTf({ data: new Float32Array(0), shape: [0, 1, 1, 1] }), /4 positive integers/);
});

test('flipSpatial rotates each filter by 180 degrees and is its own inverse', () => {
  const flipped = flipSpatial({ data, shape });
  for (let i = 0; i < 4; i++)
    for (let f = 0; f < 5; f++) {
      assert.equal(flipped.data[tfIndex(shape, 0, 0, i, f)], data[tfIndex(shape, 1, 2, i, f)]);
      assert.equal(flipped.data[tfIndex(shape, 1, 0, i, f)], data[tfIndex(shape, 0, 2, i, f)]);
    }
  assert.deepEqual(flipSpatial(flipped).data, data);
});
