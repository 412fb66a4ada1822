import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointStateSchema, metricsSchema, upgradeCheckpointState } from '../../src/run/schemas.js';

const metrics = {
  test_loss: 0.1,
  test_accuracy: 0.9,
  images_per_second: 100,
  seconds_per_epoch: 2,
  backend: 'wasm',
  workers: 1,
  epochs: 3,
  stop_reason: 'completed',
  dataset: { name: 'mnist', source: '/data', kind: 'full' as const, train: 60000, validation: 0, test: 10000 },
};

test('metrics.json: a NaN loss (written as null) reads back as NaN; fields it does not know are dropped', () => {
  const parsed = metricsSchema.parse(JSON.parse(JSON.stringify({ ...metrics, test_loss: Number.NaN, later: 1 })));
  assert.ok(Number.isNaN(parsed.test_loss));
  assert.equal('later' in parsed, false);
  assert.equal(metricsSchema.safeParse({ ...metrics, stop_reason: 'bored' }).success, false);
  assert.equal(metricsSchema.safeParse({ ...metrics, dataset: { name: 'mnist' } }).success, false);
});

test('a checkpoint written before callbacks had names still resumes: its states move under callbacks', () => {
  const legacy = { epoch: 2, history: [], seed: 1, earlyStopping: { wait: 1, best: 0.5, bestEpoch: 1 }, modelCheckpoint: { best: 0.9, bestEpoch: 2 } };
  const state = checkpointStateSchema.parse(upgradeCheckpointState(legacy));
  assert.deepEqual(state.callbacks, { early_stopping: legacy.earlyStopping, model_checkpoint: legacy.modelCheckpoint });
  assert.deepEqual(checkpointStateSchema.parse(upgradeCheckpointState({ epoch: 0, history: [], seed: 3 })).callbacks, {});
  const current = { epoch: 1, history: [], seed: 1, callbacks: { x: 1 } };
  assert.equal(upgradeCheckpointState(current), current);
});
