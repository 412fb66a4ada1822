/**
 * The run directory's layout (DESIGN.md "The run directory"): every file name a run holds,
 * named here and nowhere else, and how a new run is named.
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { MODEL_JSON, WEIGHTS_BIN } from '../io/file-io.js';

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
  /** The resume checkpoint: model with optimizer state, then state.json. */
  checkpointDir: 'checkpoint',
  checkpointState: 'state.json',
  /** Written by the `model_checkpoint` callback (best or latest epoch, as the spec says). */
  modelCheckpointDir: 'model-checkpoint',
} as const;

/** The checkpoint's state file relative to the run directory (the marker of a resumable run). */
export const CHECKPOINT_STATE_PATH = join(RUN_FILES.checkpointDir, RUN_FILES.checkpointState);

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

/** A fresh run directory `runs/<name>-<timestamp>`, so an earlier run is never overwritten. */
export function newRunDir(name: string, parent = RUNS_DIR, now = new Date()): string {
  const base = join(parent, `${name}-${timestamp(now)}`);
  let candidate = base;
  for (let n = 2; existsSync(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** Whether `dir` holds a run (a finished model or a checkpoint). */
export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.model)) || existsSync(join(dir, RUN_FILES.checkpointDir, RUN_FILES.model));
}
