import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { ModelCheckpoint } from '../../../src/train/callbacks/model-checkpoint.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop } from '../../helpers/training-loop.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

const spec = { monitor: 'val_acc', mode: 'auto' as const, save_best_only: true };

test('save_best_only saves only epochs that improve the monitor; its best survives a resume', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const runDir = new RunDirectory(dir);
  const notices: string[] = [];
  const checkpoint = new ModelCheckpoint(spec, runDir, (line) => notices.push(line));
  const loop = new FakeLoop();
  await checkpoint.onEpochEnd(loop.record(1, { val_acc: 0.5 }), loop);
  await checkpoint.onEpochEnd(loop.record(2, { val_acc: 0.4 }), loop);
  assert.ok(existsSync(join(dir, 'model-checkpoint', 'model.json')));
  assert.deepEqual(notices, [`Epoch 1: saved the model to ${join(dir, 'model-checkpoint')} (val_acc improved to 0.5000).`]);
  assert.deepEqual(checkpoint.getState(), { best: 0.5, bestEpoch: 1 });

  const resumed = new ModelCheckpoint(spec, runDir, (line) => notices.push(line));
  resumed.setState(checkpoint.stateSchema.parse(JSON.parse(JSON.stringify(checkpoint.getState()))));
  await resumed.onEpochEnd(loop.record(3, { val_acc: 0.45 }), loop);
  assert.equal(notices.length, 1, 'worse than the best before the resume: not saved');
});

test('without save_best_only every epoch is saved', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const notices: string[] = [];
  const checkpoint = new ModelCheckpoint({ ...spec, save_best_only: false }, new RunDirectory(dir), (line) => notices.push(line));
  const loop = new FakeLoop();
  await checkpoint.onEpochEnd(loop.record(1, { loss: 1 }), loop);
  assert.match(notices[0], /^Epoch 1: saved the model to .*model-checkpoint\.$/);
});
