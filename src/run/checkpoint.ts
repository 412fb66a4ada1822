/**
 * The resume checkpoint, `checkpoint/`: the model with its optimizer state, then
 * `state.json`. Kept in one module so its write protocol (and later a lock) has one owner.
 */
import type * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fileSystemSave } from '../io/file-io.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CHECKPOINT_STATE_PATH, RUN_FILES } from './layout.js';
import { readRunJson } from './read-file.js';
import { checkpointStateSchema, upgradeCheckpointState, type CheckpointState } from './schemas.js';

/** The model file of the checkpoint in run directory `dir`. */
export function checkpointModelPath(dir: string): string {
  return join(dir, RUN_FILES.checkpointDir, RUN_FILES.model);
}

/** The state file of the checkpoint in run directory `dir`. */
export function checkpointStatePath(dir: string): string {
  return join(dir, CHECKPOINT_STATE_PATH);
}

/**
 * Saves the checkpoint of the last completed epoch: model with optimizer state (tfjs-layers'
 * `includeOptimizer`), then the state file last, so a state file always has its model.
 */
export async function saveCheckpoint(dir: string, model: tf.LayersModel, state: CheckpointState): Promise<void> {
  await model.save(fileSystemSave(join(dir, RUN_FILES.checkpointDir)), { includeOptimizer: true });
  await writeFileAtomic(checkpointStatePath(dir), `${JSON.stringify(state)}\n`);
}

/** The checkpoint's validated state and the path of its model (loaded by the caller, who knows the optimizers). */
export async function readCheckpoint(dir: string): Promise<{ state: CheckpointState; modelPath: string }> {
  const statePath = checkpointStatePath(dir);
  if (!existsSync(statePath)) {
    throw new UserError(`--resume needs a checkpoint from an interrupted run. Received: a directory without ${CHECKPOINT_STATE_PATH}.`, {
      code: 'NO_CHECKPOINT',
      file: dir,
    });
  }
  const state = await readRunJson(statePath, checkpointStateSchema, upgradeCheckpointState);
  return { state, modelPath: checkpointModelPath(dir) };
}
