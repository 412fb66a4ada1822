import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flipSpatial, transpose } from '../../../src/keras/read/ndarray.js';

const iota = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);

test('transpose moves axes as np.transpose does', () => {
  // [[0,1,2],[3,4,5]].T
  assert.deepEqual(transpose(iota(6), [2, 3], [1, 0]), { shape: [3, 2], values: Float32Array.from([0, 3, 1, 4, 2, 5]) });
  // (filters=2, stack=1, rows=2, cols=2) -> (rows, cols, stack, filters): out[r][c][0][f] = in[f][0][r][c] = f*4 + r*2 + c
  const out = transpose(iota(8), [2, 1, 2, 2], [2, 3, 1, 0]);
  assert.deepEqual(out.shape, [2, 2, 1, 2]);
  assert.deepEqual(Array.from(out.values), [0, 4, 1, 5, 2, 6, 3, 7]);
});

test('flipSpatial reverses every axis but the last two', () => {
  // shape (2, 2, 1, 1): a 2x2 kernel turned by 180 degrees
  assert.deepEqual(Array.from(flipSpatial(iota(4), [2, 2, 1, 1])), [3, 2, 1, 0]);
  // shape (1, 2, 2, 1): rows of length 1 stay, the columns reverse; channels stay
  assert.deepEqual(Array.from(flipSpatial(iota(4), [1, 2, 2, 1])), [2, 3, 0, 1]);
});
