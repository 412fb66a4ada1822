import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchRanges, epochOrder, gatherRows } from '../../src/train/batches.js';

test('epochOrder is a permutation fixed by seed and epoch, and identity without shuffle', () => {
  const a = epochOrder(100, true, 42, 3);
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(a, epochOrder(100, true, 42, 3), 'same seed and epoch, same order (resume relies on it)');
  assert.notDeepEqual(a, epochOrder(100, true, 42, 4), 'each epoch is shuffled anew');
  assert.notDeepEqual(a, epochOrder(100, true, 43, 3));
  assert.deepEqual([...epochOrder(5, false, 42, 1)], [0, 1, 2, 3, 4]);
});

test('batchRanges ends with a smaller batch, as Keras does', () => {
  assert.deepEqual(batchRanges(10, 4), [[0, 4], [4, 8], [8, 10]]);
  assert.deepEqual(batchRanges(8, 4), [[0, 4], [4, 8]]);
});

test('gatherRows copies the chosen rows in order', () => {
  const source = Float32Array.from([0, 1, 10, 11, 20, 21]);
  assert.deepEqual([...gatherRows(source, 2, [2, 0])], [20, 21, 0, 1]);
});
