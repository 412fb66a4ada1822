import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { trainCallbacks } from '../../../src/train/callbacks/index.js';
import { EpochProgress } from '../../../src/train/progress.js';

const early = { monitor: 'val_loss', min_delta: 0, patience: 1, mode: 'auto' as const, restore_best_weights: true };
const checkpoint = { monitor: 'val_acc', mode: 'auto' as const, save_best_only: true };

test('kerasts train\'s list: NaN stop first, the resume checkpoint after the stateful ones and history.csv after it (never ahead of the checkpoint)', () => {
  const options = { runDir: new RunDirectory('run'), progress: new EpochProgress({ quiet: true }), stopRequested: () => false, seed: 1 };
  const all = trainCallbacks({ ...options, spec: { terminate_on_nan: true, early_stopping: early, model_checkpoint: checkpoint } });
  assert.deepEqual(all.list.callbacks.map((callback) => callback.name), ['terminate_on_nan', 'progress', 'interrupt', 'early_stopping', 'model_checkpoint', 'resume_checkpoint', 'history', 'history_plot']);
  assert.ok(all.nan);
  const bare = trainCallbacks({ ...options, spec: { terminate_on_nan: false } });
  assert.deepEqual(bare.list.callbacks.map((callback) => callback.name), ['progress', 'interrupt', 'resume_checkpoint', 'history', 'history_plot']);
  assert.equal(bare.nan, undefined);
  assert.deepEqual(all.list.getStates(), { early_stopping: { wait: 0, best: null, bestEpoch: -1 }, model_checkpoint: { best: null, bestEpoch: -1 } });
});
