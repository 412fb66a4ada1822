import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../../src/util/tfjs.cjs';
import { readCheckpoint, saveCheckpoint } from '../../../src/run/checkpoint.js';
import { CallbackList } from '../../../src/train/callbacks/callback-list.js';
import { EarlyStopping } from '../../../src/train/callbacks/early-stopping.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop, fillWeights, firstWeight } from '../../helpers/training-loop.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

const spec = (patience: number, restore = false) => ({ monitor: 'val_loss', min_delta: 0, patience, mode: 'auto' as const, restore_best_weights: restore });

test('early stopping stops the loop itself and puts back the best epoch\'s weights when it stops', () => {
  const notices: string[] = [];
  const stopping = new EarlyStopping(spec(1, true), (line) => notices.push(line));
  const loop = new FakeLoop();
  stopping.onTrainBegin(loop);
  fillWeights(loop.model, 1);
  stopping.onEpochEnd(loop.record(1, { val_loss: 0.5 }), loop);
  fillWeights(loop.model, 2);
  stopping.onEpochEnd(loop.record(2, { val_loss: 0.9 }), loop);
  assert.equal(loop.stopReason, 'early_stopping');
  assert.equal(firstWeight(loop.model), 1, 'the weights of epoch 1 are back');
  assert.deepEqual(notices, ['Epoch 2: early stopping (best val_loss at epoch 1).', 'Restored the weights of epoch 1.']);
  const tensors = tf.memory().numTensors;
  stopping.onTrainEnd();
  assert.ok(tf.memory().numTensors < tensors, 'the snapshot is disposed at the end of training');
});

test('without restore_best_weights the last weights stay; a missing monitor is said once and never stops', () => {
  const notices: string[] = [];
  const stopping = new EarlyStopping({ ...spec(0), monitor: 'val_acc' }, (line) => notices.push(line));
  const loop = new FakeLoop(undefined, 3);
  stopping.onTrainBegin(loop);
  stopping.onEpochEnd(loop.record(4, { loss: 1 }), loop);
  stopping.onEpochEnd(loop.record(5, { loss: 1 }), loop);
  assert.equal(loop.stopTraining, false);
  assert.equal(notices.length, 1);
  assert.match(notices[0], /conditioned on "val_acc", which is not available \(available: loss\)/);
});

test('its state round-trips through checkpoint/state.json, and a resumed run continues the patience count', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const first = new EarlyStopping(spec(2), () => {});
  const list = new CallbackList([first]);
  const loop = new FakeLoop();
  first.onEpochEnd(loop.record(1, { val_loss: 0.5 }), loop);
  first.onEpochEnd(loop.record(2, { val_loss: 0.6 }), loop);
  assert.equal(loop.stopTraining, false, 'one epoch of patience left');
  await saveCheckpoint(dir, loop.model, { epoch: 2, history: loop.history, seed: 1, callbacks: list.getStates() });

  const { state, modelPath } = await readCheckpoint(dir);
  assert.deepEqual(state.callbacks.early_stopping, { wait: 1, best: 0.5, bestEpoch: 1 });
  const resumed = new EarlyStopping(spec(2), () => {});
  new CallbackList([resumed]).setStates(state.callbacks, modelPath);
  const later = new FakeLoop(loop.model, 2);
  resumed.onEpochEnd(later.record(3, { val_loss: 0.55 }), later);
  assert.equal(later.stopReason, 'early_stopping', 'stops at epoch 3: patience counted epoch 2 before the resume');
  assert.equal(resumed.bestEpoch, 1);
});

test('a best not yet set (Infinity) is saved as null and restored as "no best yet"', () => {
  const stopping = new EarlyStopping(spec(3), () => {});
  assert.deepEqual(stopping.getState(), { wait: 0, best: null, bestEpoch: -1 });
  const resumed = new EarlyStopping(spec(3), () => {});
  resumed.setState(JSON.parse(JSON.stringify(stopping.getState())));
  const loop = new FakeLoop();
  resumed.onEpochEnd(loop.record(1, { val_loss: 100 }), loop);
  assert.equal(resumed.bestEpoch, 1, 'any value improves on no best');
});
