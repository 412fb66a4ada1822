import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointModelPath, checkpointStatePath, readCheckpoint, saveCheckpoint } from '../../src/run/checkpoint.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('a checkpoint saves the model with its optimizer and the state, which reads back validated', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const state = { epoch: 2, history: [{ epoch: 1, logs: { loss: 1 }, seconds: 1 }, { epoch: 2, logs: { loss: 0.5 }, seconds: 1 }], seed: 7, callbacks: { early_stopping: { wait: 1, best: 0.5, bestEpoch: 2 } } };
  await saveCheckpoint(dir, model, state);
  assert.ok(existsSync(checkpointModelPath(dir)));
  const read = await readCheckpoint(dir);
  assert.deepEqual(read.state, state);
  assert.equal(read.modelPath, checkpointModelPath(dir));
  assert.ok(JSON.parse(readFileSync(checkpointModelPath(dir), 'utf8')).trainingConfig, 'the optimizer is saved');
  model.dispose();
});

test('no checkpoint, or a damaged state.json, is one line with exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(readCheckpoint(dir), userError(/--resume needs a checkpoint from an interrupted run\. Received: a directory without checkpoint\/state\.json/, 'NO_CHECKPOINT'));
  mkdirSync(join(dir, 'checkpoint'));
  writeFileSync(checkpointStatePath(dir), '{"epoch": 2, "history": [], "seed": ');
  await assert.rejects(readCheckpoint(dir), userError(/state\.json: line 1, column \d+: must be valid JSON/, 'RUN_FILE_INVALID'));
  writeFileSync(checkpointStatePath(dir), '{"epoch": -1, "history": [], "seed": 1}');
  await assert.rejects(readCheckpoint(dir), userError(/checkpoint\/state\.json: epoch .*Received: -1/, 'RUN_FILE_INVALID'));
  writeFileSync(checkpointStatePath(dir), '{"epoch": 1, "history": [{"epoch": 1}], "seed": 1}');
  await assert.rejects(readCheckpoint(dir), userError(/state\.json: history\[0\]\.logs is missing/));
});
