/**
 * The run directory's layout (DESIGN.md "The run directory"): every file name a run holds,
 * named here and nowhere else, and how a new run is named.
 */
import { existsSync, promises as fs } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { MODEL_JSON, WEIGHTS_BIN } from '../io/file-io.js';
import { ATOMIC_TEMP_PATTERN } from '../util/atomic-write.js';
import { describeFileSystemError } from '../util/fs-error.js';
import { makeDirs } from './out-dir.js';

/** Where `kerasts train` puts run directories, and where the other commands look for the latest. */
export const RUNS_DIR = 'runs';

/** Files and sub-directories of a run directory. */
export const RUN_FILES = {
  /** The trained model (tfjs layers format), beside its weights.bin. */
  model: MODEL_JSON,
  weights: WEIGHTS_BIN,
  spec: 'spec.json',
  settings: 'settings.json',
  summary: 'summary.txt',
  history: 'history.csv',
  /** Learning curves, redrawn after every epoch. */
  historySvg: 'history.svg',
  historyPng: 'history.png',
  /** Written by `kerasts evaluate`: the confusion-matrix heatmap and the most confident mistakes. */
  confusionMatrix: 'confusion-matrix.png',
  misclassified: 'misclassified.png',
  metrics: 'metrics.json',
  /** Class names in label order (a JSON list), for datasets whose labels have names (directory). */
  classes: 'classes.json',
  filtersBefore: 'filters-before.png',
  filtersAfter: 'filters-after.png',
  /** The model as initialised, before the first step: what `kerasts filters --compare` draws on the left. */
  initialModelDir: 'model-initial',
  /**
   * The resume checkpoint's pointer: it names the folder `checkpoint-<epoch>/` that holds the
   * current checkpoint (model with optimizer state, and state.json with the history).
   */
  checkpoint: 'checkpoint.json',
  checkpointState: 'state.json',
  /** Where runs made before the pointer kept their one checkpoint (still read by --resume). */
  legacyCheckpointDir: 'checkpoint',
  /** Written by the `model_checkpoint` callback (best or latest epoch, as the spec says). */
  modelCheckpointDir: 'model-checkpoint',
  /** Held by the process writing the run: its pid, host and start time (see lock.ts). */
  lock: 'run.lock',
} as const;

/** A complete checkpoint folder, `checkpoint-<epoch>`; the pointer names one of them. */
export const CHECKPOINT_FOLDER_PATTERN = /^checkpoint-(\d+)$/;
/** A checkpoint folder still being written (or left by a kill while it was). */
export const CHECKPOINT_TEMP_PATTERN = /^checkpoint-\d+\.tmp$/;

/** Whether `name` is one a run directory holds: a run file, a checkpoint folder (or its temporary), an atomic write's temporary. */
export function isRunFileName(name: string): boolean {
  return (Object.values(RUN_FILES) as string[]).includes(name) || CHECKPOINT_FOLDER_PATTERN.test(name) || CHECKPOINT_TEMP_PATTERN.test(name) || ATOMIC_TEMP_PATTERN.test(name);
}

/** The folder name of the checkpoint after `epoch`, and the name it is written under first. */
export function checkpointFolderName(epoch: number): { folder: string; temp: string } {
  return { folder: `checkpoint-${epoch}`, temp: `checkpoint-${epoch}.tmp` };
}

/** The initial model's model.json relative to the run directory. */
export const INITIAL_MODEL_PATH = join(RUN_FILES.initialModelDir, RUN_FILES.model);

function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The run name: the spec's `name`, else its file name without `.json`. */
export function runName(specName: string | undefined, specFile: string): string {
  return specName ?? basename(specFile, extname(specFile));
}

/**
 * Creates and returns a fresh run directory `<parent>/<name>-<timestamp>`, or with `-2`, `-3`,
 * ... when that exists: each candidate is claimed with one non-recursive `mkdir`, which only
 * one process can win, so two runs started in the same second never share a folder and an
 * existing folder is never reused. Returns the directory and the topmost folder this call created
 * (the directory itself, or `parent` if that was missing too).
 */
export async function claimNewRunDir(name: string, parent = RUNS_DIR, now = new Date()): Promise<{ dir: string; created: string }> {
  const createdParent = await makeDirs(parent);
  const base = join(parent, `${name}-${timestamp(now)}`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await fs.mkdir(candidate);
      return { dir: candidate, created: createdParent ?? candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw describeFileSystemError(error, 'could not create the run directory');
    }
  }
}

/** Whether `dir` holds a run (a finished model or a checkpoint). */
export function isRunDir(dir: string): boolean {
  return [RUN_FILES.model, RUN_FILES.checkpoint, join(RUN_FILES.legacyCheckpointDir, RUN_FILES.model)].some((file) => existsSync(join(dir, file)));
}

/** The run whose trained model `modelPath` is (a run's model.json with its spec.json beside it), if any. */
export function runDirOfModel(modelPath: string): string | undefined {
  const dir = dirname(modelPath);
  return basename(modelPath) === RUN_FILES.model && existsSync(join(dir, RUN_FILES.spec)) ? dir : undefined;
}
