import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_STATE_PATH, INITIAL_MODEL_PATH, isRunDir, newRunDir, RUN_FILES, runName } from '../../src/run/layout.js';
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

test('a run directory is one with a model or a checkpoint model', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  assert.equal(isRunDir(dir), false);
  mkdirSync(join(dir, RUN_FILES.checkpointDir));
  writeFileSync(join(dir, RUN_FILES.checkpointDir, RUN_FILES.model), '{}');
  assert.equal(isRunDir(dir), true);
  assert.equal(CHECKPOINT_STATE_PATH, join('checkpoint', 'state.json'));
  assert.equal(INITIAL_MODEL_PATH, join('model-initial', 'model.json'));
});
