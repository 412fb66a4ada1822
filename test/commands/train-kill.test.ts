import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { faultProject, historyAndCheckpointEpochs, outcome, resumeToEnd, runAndKill, type FaultProject, type Outcome } from '../helpers/faults.js';

// SIGKILL at each test-only pause point of a checkpoint save (KERASTS_TEST_PAUSE_AT), then
// --resume: the run must end with exactly the weights and history of an uninterrupted one.
// Tiny data (48 images, 3 epochs of 3 batches) and one worker keep each run near a second.
let project: FaultProject;
let reference: Outcome;
let remove: () => void;

const trainArgs = () => ['--backend', 'wasm', 'train', project.spec, '--data', project.data, '--workers', '1', '--quiet'];

before(async () => {
  const temp = tempDir('kerasts-kill-');
  remove = temp.remove;
  project = faultProject(temp.dir);
  const run = await runAndKill([...trainArgs(), '--out', join(project.dir, 'reference')], project.dir);
  assert.equal(run.code, 0, run.stderr);
  reference = outcome(join(project.dir, 'reference'));
});

test.after(() => remove());

// Occurrence 3 of a checkpoint point is epoch 2's save (1 is the initial checkpoint, epoch 0).
const cases = [
  'checkpoint-begin:3',
  'checkpoint-model-written:3',
  'checkpoint-before-rename:3',
  'checkpoint-before-switch:3',
  'checkpoint-after-switch:3',
  'history-before-write:2',
  'train-before-metrics:1',
  // Before the first checkpoint was current: nothing to resume, a fresh train into the same --out.
  'checkpoint-before-switch:1',
];

for (const pauseAt of cases) {
  test(`SIGKILL at ${pauseAt}: history.csv is not ahead of the checkpoint, and --resume ends exactly as an uninterrupted run`, async () => {
    const out = join(project.dir, pauseAt.replace(':', '-'));
    const killed = await runAndKill([...trainArgs(), '--out', out], project.dir, { pauseAt });
    assert.ok(killed.killed && killed.signal === 'SIGKILL', `killed at the pause point: ${killed.stderr}`);
    const epochs = historyAndCheckpointEpochs(out);
    assert.ok(epochs.history <= epochs.checkpoint, `history.csv (${epochs.history} epochs) is never ahead of the checkpoint (${epochs.checkpoint})`);
    const resumed = await resumeToEnd(trainArgs(), out, project.dir);
    assert.ok(resumed.ok, resumed.stderr);
    assert.deepEqual(outcome(out), reference);
    assert.deepEqual(readdirSync(out).filter((name) => name.endsWith('.tmp') || /^checkpoint-\d+$/.test(name)), ['checkpoint-3'], 'one checkpoint folder, no temporary files');
  });
}
