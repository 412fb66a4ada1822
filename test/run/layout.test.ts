import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFolderName, INITIAL_MODEL_PATH, isRunDir, newRunDir, RUN_FILES, runName } from '../../src/run/layout.js';
import { tempDir } from '../helpers/cli.js';

test('the run name is the spec name, else the spec file name without .json', () => {
  assert.equal(runName('mnist', 'configs/x.json'), 'mnist');
  assert.equal(runName(undefined, 'configs/mnist_cnn.json'), 'mnist_cnn');
});

test('a new run directory is timestamped and never one that exists', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const now = new Date(2026, 0, 2, 3, 4, 5);
  const first = newRunDir('m', dir, now);
  assert.equal(first, join(dir, 'm-20260102-030405'));
  mkdirSync(first);
  assert.equal(newRunDir('m', dir, now), `${first}-2`);
});

test('a run directory is one with a model, a checkpoint pointer or a legacy checkpoint model', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  assert.equal(isRunDir(dir), false);
  mkdirSync(join(dir, 'checkpoint-0.tmp'));
  assert.equal(isRunDir(dir), false, 'a checkpoint folder a kill left unfinished is not a run');
  writeFileSync(join(dir, RUN_FILES.checkpoint), '{}');
  assert.equal(isRunDir(dir), true);
  const legacy = join(dir, 'legacy');
  mkdirSync(join(legacy, RUN_FILES.legacyCheckpointDir), { recursive: true });
  writeFileSync(join(legacy, RUN_FILES.legacyCheckpointDir, RUN_FILES.model), '{}');
  assert.equal(isRunDir(legacy), true);
  assert.deepEqual(checkpointFolderName(3), { folder: 'checkpoint-3', temp: 'checkpoint-3.tmp' });
  assert.equal(INITIAL_MODEL_PATH, join('model-initial', 'model.json'));
});
