import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { ResumeCheckpoint } from '../../../src/train/callbacks/resume-checkpoint.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop } from '../../helpers/training-loop.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('the resume checkpoint saves the epoch, history, seed and every callback\'s state', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const runDir = new RunDirectory(dir);
  const checkpoint = new ResumeCheckpoint(runDir, 42, () => ({ early_stopping: { wait: 1, best: 0.5, bestEpoch: 1 } }));
  const loop = new FakeLoop();
  await checkpoint.onEpochEnd(loop.record(1, { loss: 1 }), loop);
  await checkpoint.onEpochEnd(loop.record(2, { loss: 0.5 }), loop);
  const { state } = await runDir.readCheckpoint();
  assert.deepEqual(state, { epoch: 2, history: loop.history, seed: 42, callbacks: { early_stopping: { wait: 1, best: 0.5, bestEpoch: 1 } } });
});
