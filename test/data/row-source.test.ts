import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArrayRows, rowsOf } from '../../src/data/row-source.js';

test('in-memory rows are read by index in the order asked, and slices share the storage', () => {
  const values = Float32Array.from({ length: 12 }, (_, i) => i);
  const rows = new ArrayRows(values, 3);
  assert.equal(rows.count, 4);
  assert.equal(rows.streamed, false);
  const out = new Float32Array(9);
  rows.read([3, 0, 3], out);
  assert.deepEqual([...out], [9, 10, 11, 0, 1, 2, 9, 10, 11]);
  const tail = rows.slice(2, 4);
  assert.equal(tail.count, 2);
  const two = new Float32Array(3);
  tail.read([1], two);
  assert.deepEqual([...two], [9, 10, 11]);
  assert.throws(() => tail.read([2], two), /row 2 is outside the split's 2 rows/);
  assert.equal(rowsOf(values, 3).count, 4);
  assert.equal(rowsOf(rows, 3), rows);
});
