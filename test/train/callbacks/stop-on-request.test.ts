import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StopOnRequest } from '../../../src/train/callbacks/stop-on-request.js';
import { FakeLoop } from '../../helpers/training-loop.js';

test('a requested stop (Ctrl-C) stops the loop after the batch as "interrupted"', () => {
  let requested = false;
  const stop = new StopOnRequest(() => requested);
  const loop = new FakeLoop({} as never);
  const batch = { epoch: 1, batch: 1, logs: { loss: 1 }, seen: 2, average: { loss: 1 } };
  stop.onBatchEnd(batch, loop);
  assert.equal(loop.stopTraining, false);
  requested = true;
  stop.onBatchEnd(batch, loop);
  assert.equal(loop.stopReason, 'interrupted');
});
