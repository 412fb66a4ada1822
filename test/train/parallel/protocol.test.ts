import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTRL, CTRL_SLOTS, RESULT, RESULT_SLOTS, copyTensorInto, offsets, shardRanges, sharedTensor, sizeOf } from '../../../src/train/parallel/protocol.js';
import { useWasm } from '../../backend/compare.js';

test('shardRanges splits a batch into contiguous, nearly equal shards', () => {
  assert.deepEqual(shardRanges(16, 2), [[0, 8], [8, 16]]);
  assert.deepEqual(shardRanges(7, 3), [[0, 3], [3, 5], [5, 7]]);
  assert.deepEqual(shardRanges(1, 2), [[0, 1], [1, 1]], 'a worker may get no rows');
  assert.deepEqual(shardRanges(5, 1), [[0, 5]]);
});

test('the control and result slots are distinct and fit their arrays', () => {
  for (const [slots, size] of [[CTRL, CTRL_SLOTS], [RESULT, RESULT_SLOTS]] as const) {
    const indices = Object.values(slots);
    assert.equal(new Set(indices).size, indices.length);
    assert.ok(indices.every((i) => Number.isInteger(i) && i >= 0 && i < size));
    assert.equal(indices.length, size, 'no slot allocated unused');
  }
});

test('sizeOf and offsets lay weights end to end, all of them or the chosen ones in the order given', () => {
  const shapes = [[3, 3, 1, 4], [4], [36, 10], [10]];
  assert.equal(sizeOf([]), 1, 'a scalar');
  assert.equal(sizeOf([2, 0, 3]), 0);
  assert.deepEqual(offsets(shapes), { starts: [0, 36, 40, 400], total: 410 });
  assert.deepEqual(offsets(shapes, [3, 0]), { starts: [0, 10], total: 46 });
  assert.deepEqual(offsets(shapes, []), { starts: [], total: 0 });
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`on ${backend}, a tensor made from a shared view keeps its values when the view is rewritten; copyTensorInto writes at the offset`, async () => {
    if (backend === 'wasm') await useWasm();
    else await tf.setBackend('cpu');
    const view = new Float32Array(new SharedArrayBuffer(8 * 4)).map((_, i) => i);
    const t = sharedTensor(view, 2, 4, [2, 2]);
    view.fill(-1);
    assert.deepEqual(Array.from(t.dataSync()), [2, 3, 4, 5]);
    copyTensorInto(t, view, 3);
    assert.deepEqual(Array.from(view), [-1, -1, -1, 2, 3, 4, 5, -1]);
    t.dispose();
  });
}
