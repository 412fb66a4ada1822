import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminateOnNaN } from '../../../src/train/callbacks/terminate-on-nan.js';
import { FakeLoop } from '../../helpers/training-loop.js';

test('a NaN or infinite batch loss stops training and records where', () => {
  const nan = new TerminateOnNaN();
  const loop = new FakeLoop({} as never);
  nan.onBatchEnd({ epoch: 2, batch: 1, logs: { loss: 0.5 }, seen: 2, average: { loss: 0.5 } }, loop);
  assert.equal(loop.stopTraining, false);
  nan.onBatchEnd({ epoch: 2, batch: 2, logs: { loss: Infinity }, seen: 4, average: { loss: Infinity } }, loop);
  assert.equal(loop.stopReason, 'nan');
  assert.deepEqual(nan.nanAt, { epoch: 2, batch: 2 });
});

test('a loop already stopping (Ctrl-C) keeps its reason', () => {
  const nan = new TerminateOnNaN();
  const loop = new FakeLoop({} as never);
  loop.stop('interrupted');
  nan.onBatchEnd({ epoch: 1, batch: 1, logs: { loss: NaN }, seen: 2, average: { loss: NaN } }, loop);
  assert.equal(loop.stopReason, 'interrupted');
  assert.equal(nan.nanAt, undefined);
});
