import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint, readCheckpointPointer, saveCheckpoint } from '../../src/run/checkpoint.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

function tinyModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}

const record = (epoch: number) => ({ epoch, logs: { loss: 1 / epoch }, seconds: 1 });

test('a checkpoint is one folder the pointer names; the next one replaces it whole and the old folder goes', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = tinyModel();
  t.after(() => model.dispose());
  const state = { epoch: 2, history: [record(1), record(2)], seed: 7, callbacks: { early_stopping: { wait: 1, best: 0.5, bestEpoch: 2 } } };
  await saveCheckpoint(dir, model, state);
  assert.deepEqual(await readCheckpointPointer(dir), { folder: 'checkpoint-2', epoch: 2 });
  const read = await readCheckpoint(dir);
  assert.deepEqual(read.state, state);
  assert.equal(read.modelPath, join(dir, 'checkpoint-2', 'model.json'));
  assert.equal(read.statePath, join(dir, 'checkpoint-2', 'state.json'));
  assert.deepEqual(readdirSync(join(dir, 'checkpoint-2')).sort(), ['model.json', 'state.json', 'weights.bin']);
  assert.ok(JSON.parse(readFileSync(read.modelPath, 'utf8')).trainingConfig, 'the optimizer is saved');

  await saveCheckpoint(dir, model, { ...state, epoch: 3, history: [record(1), record(2), record(3)] });
  assert.deepEqual(readdirSync(dir).sort(), ['checkpoint-3', 'checkpoint.json'], 'only the current checkpoint is left, no temporary file');
  assert.equal((await readCheckpoint(dir)).state.epoch, 3);
  await assert.rejects(saveCheckpoint(dir, model, { ...state, epoch: 3 }), /checkpoint of epoch 3 .* is already current/);
});

test('a run made before the pointer resumes from its checkpoint/ folder, which the next save replaces', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = tinyModel();
  t.after(() => model.dispose());
  await saveCheckpoint(dir, model, { epoch: 1, history: [record(1)], seed: 1, callbacks: {} });
  mkdirSync(join(dir, 'checkpoint'));
  for (const name of readdirSync(join(dir, 'checkpoint-1'))) writeFileSync(join(dir, 'checkpoint', name), readFileSync(join(dir, 'checkpoint-1', name)));
  const legacy = join(dir, 'checkpoint', 'state.json');
  writeFileSync(legacy, JSON.stringify({ epoch: 1, history: [record(1)], seed: 1, earlyStopping: { wait: 0, best: 1, bestEpoch: 1 } }));
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'checkpoint-1'), { recursive: true });
  rmSync(join(dir, 'checkpoint.json'));
  const read = await readCheckpoint(dir);
  assert.equal(read.statePath, legacy);
  assert.deepEqual(read.state.callbacks, { early_stopping: { wait: 0, best: 1, bestEpoch: 1 } });
  await saveCheckpoint(dir, model, { ...read.state, epoch: 2 });
  assert.deepEqual(readdirSync(dir).sort(), ['checkpoint-2', 'checkpoint.json']);
});

test('no checkpoint, a damaged pointer or a damaged state.json is one line with exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(readCheckpoint(dir), userError(/--resume needs a checkpoint from an interrupted run\. Received: a directory without checkpoint\.json/, 'NO_CHECKPOINT'));
  const pointer = join(dir, 'checkpoint.json');
  writeFileSync(pointer, '{"folder": "checkpoint-2", "epoch": 2');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint\.json: line 1, column \d+: must be valid JSON/, 'RUN_FILE_INVALID'));
  writeFileSync(pointer, '{"folder": "../../etc", "epoch": 2}');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint\.json: folder must name a checkpoint-<epoch> folder/, 'RUN_FILE_INVALID'));
  writeFileSync(pointer, '{"folder": "checkpoint-2", "epoch": 2}');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint\.json: folder: must name a complete checkpoint folder\. Received: "checkpoint-2", which has no state\.json/, 'RUN_FILE_INVALID'));
  mkdirSync(join(dir, 'checkpoint-2'));
  const state = join(dir, 'checkpoint-2', 'state.json');
  writeFileSync(state, '{"epoch": 2, "history": [], "seed": ');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint-2\/state\.json: line 1, column \d+: must be valid JSON/, 'RUN_FILE_INVALID'));
  writeFileSync(state, '{"epoch": -1, "history": [], "seed": 1}');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint-2\/state\.json: epoch .*Received: -1/, 'RUN_FILE_INVALID'));
  writeFileSync(state, '{"epoch": 1, "history": [{"epoch": 1}], "seed": 1}');
  await assert.rejects(readCheckpoint(dir), userError(/state\.json: history\[0\]\.logs is missing/));
  writeFileSync(state, '{"epoch": 1, "history": [], "seed": 1}');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint-2\/state\.json: epoch: must be 2, as checkpoint\.json says\. Received: 1/, 'RUN_FILE_INVALID'));
});
