import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFolderName, claimNewRunDir, INITIAL_MODEL_PATH, isRunDir, isRunFileName, RUN_FILES, runDirOfModel, runName } from '../../src/run/layout.js';
import { tempDir } from '../helpers/cli.js';

test('the run name is the spec name, else the spec file name without .json', () => {
  assert.equal(runName('mnist', 'configs/x.json'), 'mnist');
  assert.equal(runName(undefined, 'configs/mnist_cnn.json'), 'mnist_cnn');
});

test('a new run directory is timestamped, created, and never one that exists', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const now = new Date(2026, 0, 2, 3, 4, 5);
  const parent = join(dir, 'runs');
  const first = await claimNewRunDir('m', parent, now);
  assert.deepEqual(first, { dir: join(parent, 'm-20260102-030405'), created: parent });
  assert.ok(statSync(first.dir).isDirectory());
  assert.deepEqual(await claimNewRunDir('m', parent, now), { dir: `${first.dir}-2`, created: `${first.dir}-2` });
  // A file in the way of a name is passed over too, never reused.
  writeFileSync(`${first.dir}-3`, '');
  assert.equal((await claimNewRunDir('m', parent, now)).dir, `${first.dir}-4`);
});

test('runs started in the same second all get folders of their own', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const now = new Date(2026, 0, 2, 3, 4, 5);
  const claimed = await Promise.all(Array.from({ length: 8 }, () => claimNewRunDir('m', dir, now)));
  const names = claimed.map((run) => run.dir);
  assert.equal(new Set(names).size, 8, names.join(' '));
  assert.deepEqual(readdirSync(dir).sort(), names.map((name) => name.slice(dir.length + 1)).sort());
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

test("a model.json is a run's model only when the run's spec.json is beside it", (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = join(dir, RUN_FILES.model);
  writeFileSync(model, '{}');
  assert.equal(runDirOfModel(model), undefined, 'a tfjs model folder (kerasts convert) is no run');
  writeFileSync(join(dir, RUN_FILES.spec), '{}');
  assert.equal(runDirOfModel(model), dir);
  writeFileSync(join(dir, 'other.json'), '{}');
  assert.equal(runDirOfModel(join(dir, 'other.json')), undefined, 'only the file named model.json');
});

test("isRunFileName knows a run's files, checkpoint folders and atomic temporaries, and nothing else", () => {
  for (const name of [RUN_FILES.model, RUN_FILES.lock, RUN_FILES.initialModelDir, 'checkpoint-12', 'checkpoint-3.tmp', '.model.json.42.deadbeef.tmp']) assert.ok(isRunFileName(name), name);
  for (const name of ['notes.txt', 'mnist_cnn-20261204-101500', 'checkpoint-x', 'checkpoint-1.bak', 'model.json.bak']) assert.ok(!isRunFileName(name), name);
});
