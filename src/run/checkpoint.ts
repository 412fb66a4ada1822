/**
 * The resume checkpoint: one unit of model (topology and weights), optimizer state and training
 * state (epoch, seed, history, callback states), kept in a folder `checkpoint-<epoch>/` that the
 * pointer file `checkpoint.json` names. A new checkpoint is written whole under a temporary
 * name, flushed to disk, renamed, and only then made current by rewriting the pointer (one
 * atomic rename); the old folder is removed last. A kill at any instant therefore leaves the
 * old checkpoint or the new one, never a mixture.
 */
import type * as tf from '@tensorflow/tfjs';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RuntimeFailure, UserError } from '../errors.js';
import { fileSystemSave } from '../io/file-io.js';
import { fsyncDir, writeFileAtomic, writeFileDurable } from '../util/atomic-write.js';
import { testPause } from '../util/test-pause.js';
import { CHECKPOINT_FOLDER_PATTERN, CHECKPOINT_TEMP_PATTERN, checkpointFolderName, RUN_FILES } from './layout.js';
import { RUN_FILE_INVALID, readRunJson } from './read-file.js';
import { checkpointPointerSchema, checkpointStateSchema, upgradeCheckpointState, type CheckpointPointer, type CheckpointState } from './schemas.js';

/** A checkpoint as read back: its validated state and where its files are. */
export interface Checkpoint {
  state: CheckpointState;
  /** The checkpoint's model.json (loaded by the caller, who knows the optimizers). */
  modelPath: string;
  /** Its state.json, named in messages about the callback states in it. */
  statePath: string;
}

function pointerPath(dir: string): string {
  return join(dir, RUN_FILES.checkpoint);
}

/** The current pointer of run directory `dir`, or undefined when it has none. */
export async function readCheckpointPointer(dir: string): Promise<CheckpointPointer | undefined> {
  const path = pointerPath(dir);
  return existsSync(path) ? readRunJson(path, checkpointPointerSchema) : undefined;
}

/** Removes every checkpoint folder (complete or temporary) of `dir` but `keep`, and the legacy `checkpoint/`. */
export async function removeOtherCheckpoints(dir: string, keep: string | undefined): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => name !== keep && (CHECKPOINT_FOLDER_PATTERN.test(name) || CHECKPOINT_TEMP_PATTERN.test(name)));
  if (keep !== undefined && names.includes(RUN_FILES.legacyCheckpointDir)) stale.push(RUN_FILES.legacyCheckpointDir);
  for (const name of stale) await fs.rm(join(dir, name), { recursive: true, force: true });
}

/**
 * Saves the checkpoint of `state.epoch` completed epochs as one unit: model with optimizer
 * state (tfjs-layers' `includeOptimizer`) and state.json into `checkpoint-<epoch>.tmp/`,
 * flushed; renamed to `checkpoint-<epoch>/`; then the pointer is switched to it.
 */
export async function saveCheckpoint(dir: string, model: tf.LayersModel, state: CheckpointState): Promise<void> {
  await testPause('checkpoint-begin');
  const current = await readCheckpointPointer(dir);
  const { folder, temp } = checkpointFolderName(state.epoch);
  // The pointer's folder is never rewritten in place: that would not be one step.
  if (current?.folder === folder) throw new RuntimeFailure(`the checkpoint of epoch ${state.epoch} in ${dir} is already current; it is never overwritten.`);
  const tempPath = join(dir, temp);
  await fs.rm(tempPath, { recursive: true, force: true });
  await model.save(fileSystemSave(tempPath), { includeOptimizer: true });
  await testPause('checkpoint-model-written');
  await writeFileDurable(join(tempPath, RUN_FILES.checkpointState), `${JSON.stringify(state)}\n`);
  await fsyncDir(tempPath);
  await testPause('checkpoint-before-rename');
  await fs.rm(join(dir, folder), { recursive: true, force: true });
  await fs.rename(tempPath, join(dir, folder));
  await fsyncDir(dir);
  await testPause('checkpoint-before-switch');
  await writeFileAtomic(pointerPath(dir), `${JSON.stringify({ folder, epoch: state.epoch } satisfies CheckpointPointer)}\n`);
  await testPause('checkpoint-after-switch');
  await removeOtherCheckpoints(dir, folder);
}

function noCheckpoint(dir: string): UserError {
  return new UserError(`--resume needs a checkpoint from an interrupted run. Received: a directory without ${RUN_FILES.checkpoint}.`, {
    code: 'NO_CHECKPOINT',
    file: dir,
    hint: 'A run killed before its first checkpoint has nothing to resume: train it again with the same --out.',
  });
}

/** The folder of the current checkpoint: the pointer's, else a legacy `checkpoint/` with a state.json. */
async function currentFolder(dir: string): Promise<{ folder: string; epoch?: number }> {
  const pointer = await readCheckpointPointer(dir);
  if (pointer) {
    if (!existsSync(join(dir, pointer.folder, RUN_FILES.checkpointState))) {
      throw new UserError(`must name a complete checkpoint folder. Received: "${pointer.folder}", which has no ${RUN_FILES.checkpointState}.`, {
        code: RUN_FILE_INVALID,
        file: pointerPath(dir),
        location: 'folder',
      });
    }
    return { folder: pointer.folder, epoch: pointer.epoch };
  }
  if (existsSync(join(dir, RUN_FILES.legacyCheckpointDir, RUN_FILES.checkpointState))) return { folder: RUN_FILES.legacyCheckpointDir };
  throw noCheckpoint(dir);
}

/** The current checkpoint of run directory `dir`: validated state and the paths of its files. */
export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  const { folder, epoch } = await currentFolder(dir);
  const statePath = join(dir, folder, RUN_FILES.checkpointState);
  const state = await readRunJson(statePath, checkpointStateSchema, upgradeCheckpointState);
  if (epoch !== undefined && state.epoch !== epoch) {
    throw new UserError(`must be ${epoch}, as ${RUN_FILES.checkpoint} says. Received: ${state.epoch}.`, { code: RUN_FILE_INVALID, file: statePath, location: 'epoch' });
  }
  return { state, modelPath: join(dir, folder, RUN_FILES.model), statePath };
}
