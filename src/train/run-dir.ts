import * as tf from '@tensorflow/tfjs';
import { existsSync, promises as fs } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { fileSystemSave, loadModelFile, MODEL_JSON, newestRunWith, RUNS_DIR } from '../io/file-io.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { EpochRecord } from './fit-loop.js';

/** Files of a run directory, named once (DESIGN.md "The run directory"). */
export const RUN_FILES = {
  spec: 'spec.json',
  settings: 'settings.json',
  summary: 'summary.txt',
  history: 'history.csv',
  metrics: 'metrics.json',
  /** Class names in label order (JSON list), for datasets whose labels have names (directory). */
  classes: 'classes.json',
  filtersBefore: 'filters-before.png',
  filtersAfter: 'filters-after.png',
  checkpointDir: 'checkpoint',
  /** Written by the `model_checkpoint` callback (best or latest epoch, as the spec says). */
  modelCheckpointDir: 'model-checkpoint',
  checkpointState: 'state.json',
} as const;

/** Training state saved beside the checkpoint model so `--resume` continues where it stopped. */
export interface CheckpointState {
  /** Epochs completed (the checkpoint's weights are those after this epoch). */
  epoch: number;
  history: EpochRecord[];
  seed: number;
  earlyStopping?: { wait: number; best: number; bestEpoch: number };
  modelCheckpoint?: { best: number; bestEpoch: number };
}

function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The run name: the spec's `name`, else its file name without `.json`. */
export function runName(specName: string | undefined, specFile: string): string {
  return specName ?? basename(specFile, extname(specFile));
}

/** A fresh run directory `runs/<name>-<timestamp>`, so an earlier run is never overwritten. */
export function newRunDir(name: string, parent = RUNS_DIR, now = new Date()): string {
  const base = join(parent, `${name}-${timestamp(now)}`);
  let candidate = base;
  for (let n = 2; existsSync(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** Whether `dir` holds a run (a finished model or a checkpoint). */
export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, MODEL_JSON)) || existsSync(join(dir, RUN_FILES.checkpointDir, MODEL_JSON));
}

/** The most recent run directory of run `name` under `parent` that has a checkpoint. */
export async function latestCheckpointedRun(name: string, parent = RUNS_DIR): Promise<string | undefined> {
  return newestRunWith(parent, join(RUN_FILES.checkpointDir, RUN_FILES.checkpointState), `${name}-`);
}

/** Writes the files of one run directory; every write is atomic. */
export class RunDirectory {
  constructor(readonly dir: string) {}

  static async create(dir: string): Promise<RunDirectory> {
    await fs.mkdir(dir, { recursive: true });
    return new RunDirectory(dir);
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  async writeJson(file: string, value: unknown): Promise<void> {
    await writeFileAtomic(this.path(file), `${JSON.stringify(value, null, 2)}\n`);
  }

  async writeText(file: string, text: string): Promise<void> {
    await writeFileAtomic(this.path(file), text);
  }

  async writeHistory(history: EpochRecord[]): Promise<void> {
    const keys = [...new Set(history.flatMap((record) => Object.keys(record.logs)))];
    const lines = [['epoch', ...keys, 'seconds'].join(',')];
    for (const record of history) {
      lines.push([record.epoch, ...keys.map((key) => record.logs[key] ?? ''), record.seconds.toFixed(3)].join(','));
    }
    await this.writeText(RUN_FILES.history, `${lines.join('\n')}\n`);
  }

  /** The final model, in the tfjs layers format `tf.loadLayersModel` reads. */
  async saveModel(model: tf.LayersModel, subdir = ''): Promise<void> {
    // fileSystemSave creates the folder.
    await model.save(fileSystemSave(subdir ? this.path(subdir) : this.dir));
  }

  /**
   * The checkpoint of the last completed epoch: model with optimizer state (tfjs-layers'
   * `includeOptimizer`), then the state file last, so a state file always has its model.
   */
  async saveCheckpoint(model: tf.LayersModel, state: CheckpointState): Promise<void> {
    const target = this.path(RUN_FILES.checkpointDir);
    await model.save(fileSystemSave(target), { includeOptimizer: true });
    await writeFileAtomic(join(target, RUN_FILES.checkpointState), `${JSON.stringify(state)}\n`);
  }

  /** Loads the checkpoint: the model compiled with its saved optimizer state, and the training state. */
  async loadCheckpoint(): Promise<{ model: tf.LayersModel; state: CheckpointState }> {
    const target = this.path(RUN_FILES.checkpointDir);
    const statePath = join(target, RUN_FILES.checkpointState);
    if (!existsSync(statePath)) {
      throw new UserError('--resume needs a checkpoint from an interrupted run. Received: a directory without checkpoint/state.json.', {
        code: 'NO_CHECKPOINT',
        file: this.dir,
      });
    }
    const state = JSON.parse(await fs.readFile(statePath, 'utf8')) as CheckpointState;
    const model = await loadModelFile(join(target, MODEL_JSON));
    return { model, state };
  }
}
