import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CallbackList } from '../../../src/train/callbacks/callback-list.js';
import type { Callback, StatefulCallback } from '../../../src/train/callbacks/callback.js';
import { FakeLoop } from '../../helpers/training-loop.js';
import { userError } from '../../helpers/user-error.js';

class Counter implements StatefulCallback<{ count: number }> {
  readonly stateSchema = z.object({ count: z.number().int() });
  count = 0;
  constructor(readonly name: string) {}
  onEpochEnd(): void {
    this.count += 1;
  }
  getState() {
    return { count: this.count };
  }
  setState(state: { count: number }): void {
    this.count = state.count;
  }
}

test('hooks run in list order, each awaited before the next', async () => {
  const calls: string[] = [];
  const spy = (name: string): Callback => ({
    name,
    onTrainBegin: () => void calls.push(`${name}.trainBegin`),
    onEpochBegin: (epoch) => void calls.push(`${name}.epochBegin ${epoch}`),
    onBatchEnd: async (batch) => {
      await new Promise((resolve) => setTimeout(resolve, name === 'a' ? 5 : 0));
      calls.push(`${name}.batchEnd ${batch.batch}`);
    },
    onEpochEnd: (record) => void calls.push(`${name}.epochEnd ${record.epoch}`),
    onTrainEnd: () => void calls.push(`${name}.trainEnd`),
  });
  const list = new CallbackList([spy('a')]).add(spy('b'), { name: 'none' });
  const loop = new FakeLoop();
  await list.onTrainBegin(loop);
  await list.onEpochBegin(1, loop);
  await list.onBatchEnd({ epoch: 1, batch: 1, logs: { loss: 1 }, seen: 2, average: { loss: 1 } }, loop);
  await list.onEpochEnd(loop.record(1, { loss: 1 }), loop);
  await list.onTrainEnd(loop);
  assert.deepEqual(calls, ['a.trainBegin', 'b.trainBegin', 'a.epochBegin 1', 'b.epochBegin 1', 'a.batchEnd 1', 'b.batchEnd 1', 'a.epochEnd 1', 'b.epochEnd 1', 'a.trainEnd', 'b.trainEnd']);
});

test('states are keyed by callback name; a callback without saved state starts fresh', () => {
  const a = new Counter('a');
  a.count = 3;
  const states = new CallbackList([a, { name: 'stateless' }]).getStates();
  assert.deepEqual(states, { a: { count: 3 } });
  const restoredA = new Counter('a');
  const fresh = new Counter('b');
  new CallbackList([restoredA, fresh]).setStates(JSON.parse(JSON.stringify(states)), 'state.json');
  assert.equal(restoredA.count, 3);
  assert.equal(fresh.count, 0);
});

test('a saved state that fails the callback\'s schema names its JSON path in state.json, exit 2', () => {
  const list = new CallbackList([new Counter('early_stopping')]);
  assert.throws(
    () => list.setStates({ early_stopping: { count: 'x' } }, 'run/checkpoint/state.json'),
    userError(/^run\/checkpoint\/state\.json: callbacks\.early_stopping\.count .*Received: "x"/, 'RUN_FILE_INVALID'),
  );
});
