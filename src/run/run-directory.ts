/** Typed writers and readers for the files of one run directory; every write is atomic. */
import type * as tf from '@tensorflow/tfjs';
import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { fileSystemSave } from '../io/file-io.js';
import { parseSpec } from '../spec/load.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { parseJsonFile } from '../util/json.js';
import { readCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import { formatHistoryCsv, parseHistoryCsv } from './history-csv.js';
import { describeFileSystemError } from '../util/fs-error.js';
import { RUN_FILES } from './layout.js';
import { acquireRunLock, type RunLock } from './lock.js';
import { makeDirs } from './out-dir.js';
import { RUN_FILE_INVALID, readRunJson, readRunText } from './read-file.js';
import { pathStatus } from '../util/read-file.js';
import { classNamesSchema, metricsSchema, runSettingsSchema, type CheckpointState, type EpochRecord, type RunMetrics, type RunSettings } from './schemas.js';

type RunFile = (typeof RUN_FILES)[keyof typeof RUN_FILES];

export class RunDirectory {
  constructor(readonly dir: string) {}

  /** Creates the directory (and its parents) for a new run. */
  static async create(dir: string): Promise<RunDirectory> {
    await makeDirs(dir);
    return new RunDirectory(dir);
  }

  /** The path of one of the run's files or sub-directories. */
  path(file: RunFile): string {
    return join(this.dir, file);
  }

  private async writeJson(file: RunFile, value: unknown): Promise<void> {
    await writeFileAtomic(this.path(file), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** `spec.json`: the spec with command-line overrides applied, i.e. what the run really used. */
  writeSpec(spec: ExperimentSpec): Promise<void> {
    return this.writeJson(RUN_FILES.spec, spec);
  }

  async readSpec(): Promise<ExperimentSpec> {
    const path = this.path(RUN_FILES.spec);
    return parseSpec(parseJsonFile(await readRunText(path), path, RUN_FILE_INVALID), path);
  }

  writeSettings(settings: RunSettings): Promise<void> {
    return this.writeJson(RUN_FILES.settings, settings);
  }

  readSettings(): Promise<RunSettings> {
    return readRunJson(this.path(RUN_FILES.settings), runSettingsSchema);
  }

  /** `classes.json`: the dataset's class names in label order, so `predict` prints names. */
  writeClassNames(names: readonly string[]): Promise<void> {
    return this.writeJson(RUN_FILES.classes, names);
  }

  /** The class names the run saved, or undefined for a dataset without them (MNIST's digits). */
  async readClassNames(): Promise<string[] | undefined> {
    const path = this.path(RUN_FILES.classes);
    return existsSync(path) ? readRunJson(path, classNamesSchema) : undefined;
  }

  writeMetrics(metrics: RunMetrics): Promise<void> {
    return this.writeJson(RUN_FILES.metrics, metrics);
  }

  readMetrics(): Promise<RunMetrics> {
    return readRunJson(this.path(RUN_FILES.metrics), metricsSchema);
  }

  writeHistory(history: readonly EpochRecord[]): Promise<void> {
    return writeFileAtomic(this.path(RUN_FILES.history), formatHistoryCsv(history));
  }

  async readHistory(): Promise<EpochRecord[]> {
    const path = this.path(RUN_FILES.history);
    return parseHistoryCsv(await readRunText(path), path);
  }

  /** A picture (history.svg/.png, confusion-matrix.png, misclassified.png), written atomically. */
  writePicture(file: RunFile & `${string}.${'png' | 'svg'}`, data: string | Uint8Array): Promise<void> {
    return writeFileAtomic(this.path(file), data);
  }

  /** `summary.txt`: the Keras-style model summary. */
  writeSummary(text: string): Promise<void> {
    return writeFileAtomic(this.path(RUN_FILES.summary), text);
  }

  /** The trained model, in the tfjs layers format `tf.loadLayersModel` reads. */
  async saveModel(model: tf.LayersModel): Promise<void> {
    await model.save(fileSystemSave(this.dir));
  }

  /** The model as initialised, before the first step (for `kerasts filters --compare`). */
  async saveInitialModel(model: tf.LayersModel): Promise<void> {
    await model.save(fileSystemSave(this.path(RUN_FILES.initialModelDir)));
  }

  /** The `model_checkpoint` callback's model. */
  async saveModelCheckpoint(model: tf.LayersModel): Promise<void> {
    await model.save(fileSystemSave(this.path(RUN_FILES.modelCheckpointDir)));
  }

  /** The resume checkpoint (see checkpoint.ts). */
  saveCheckpoint(model: tf.LayersModel, state: CheckpointState): Promise<void> {
    return saveCheckpoint(this.dir, model, state);
  }

  readCheckpoint(): Promise<Checkpoint> {
    return readCheckpoint(this.dir);
  }
}

/** The run directory `kerasts train` is to write, as chosen before anything is loaded. */
export interface RunTarget {
  dir: string;
  /** The topmost folder already created for it by this process (claimNewRunDir), if any. */
  created?: string;
}

/**
 * A run directory opened for writing by this process: it exists and this process holds its
 * lock. Until {@link RunClaim.keep} (called once the run's first checkpoint is written), a
 * failure or an exit removes what this process made, so no half-made run is left behind:
 * the folders it created, or in a folder that existed, the run's own files.
 */
export class RunClaim {
  private settled = false;
  private readonly onExit = (): void => this.abandon();

  constructor(readonly dir: string, private readonly lock: RunLock, private readonly created: string | undefined) {
    process.on('exit', this.onExit);
  }

  /** The run now holds a resumable checkpoint: keep it whatever happens next. */
  keep(): void {
    this.settled = true;
    process.off('exit', this.onExit);
  }

  /** Removes what this process made unless kept, and releases the lock. */
  abandon(): void {
    if (!this.settled) {
      this.keep();
      this.lock.release();
      if (this.created === undefined) {
        for (const file of Object.values(RUN_FILES)) rmSync(join(this.dir, file), { recursive: true, force: true });
      } else {
        rmSync(this.dir, { recursive: true, force: true });
        // Parents this process made go too, while empty (another run may have started in them).
        const top = resolve(this.created);
        for (let parent = dirname(resolve(this.dir)); top.length <= parent.length && parent !== dirname(parent); parent = dirname(parent)) {
          try {
            rmdirSync(parent);
          } catch {
            break;
          }
        }
      }
    }
    this.lock.release();
  }

  release(): void {
    this.lock.release();
  }
}

/**
 * Opens `target` for writing: creates it for a new run (a resumed one must exist) and takes
 * its lock. A lock held by a live process is exit 2 naming it (see lock.ts).
 */
export async function claimRunDir(target: RunTarget, options: { resume: boolean; log?: (line: string) => void }): Promise<RunClaim> {
  let created = target.created;
  if (options.resume) {
    const { stat, what, missing } = await pathStatus(target.dir);
    if (!stat?.isDirectory()) {
      throw new UserError(`--resume needs a run directory with a checkpoint. Received: ${missing ? 'no such directory' : what}.`, { code: 'NO_CHECKPOINT', file: target.dir });
    }
  } else if (created === undefined) {
    created = await makeDirs(target.dir);
  }
  let lock: RunLock;
  try {
    lock = await acquireRunLock(target.dir, options.log);
  } catch (error) {
    // Not ours to remove: the folder is another process's now, or was the user's already.
    throw describeFileSystemError(error, 'could not lock the run directory');
  }
  const claim = new RunClaim(target.dir, lock, created);
  if (options.resume) claim.keep();
  return claim;
}

/** A finished run's files that describe its model: what `evaluate` and `predict` need. */
export interface FinishedRun {
  dir: string;
  modelPath: string;
  spec: ExperimentSpec;
  settings: RunSettings;
}

const FINISHED_RUN_FILES = [RUN_FILES.model, RUN_FILES.spec, RUN_FILES.settings];

/** Refuses `dir` unless it is a directory, saying what it is instead. */
async function checkIsDirectory(dir: string): Promise<void> {
  const { stat, what, missing } = await pathStatus(dir);
  if (!stat?.isDirectory()) {
    throw new UserError(`a run directory must hold ${FINISHED_RUN_FILES.join(', ')} (written by kerasts train). Received: ${missing ? 'no such directory' : what}.`, { code: 'NOT_A_RUN', file: dir });
  }
}

/**
 * Takes the lock of an existing run that a command other than train writes into (evaluate's
 * pictures): while a train holds it, exit 2 naming the holder; a read-only run is one line.
 */
export async function lockExistingRun(dir: string, log?: (line: string) => void): Promise<RunLock> {
  await checkIsDirectory(dir);
  try {
    return await acquireRunLock(dir, log);
  } catch (error) {
    throw describeFileSystemError(error, 'could not lock the run directory');
  }
}

/** Reads `dir` as written by `kerasts train`; anything else is refused with exit code 2. */
export async function readFinishedRun(dir: string): Promise<FinishedRun> {
  const needed = FINISHED_RUN_FILES;
  await checkIsDirectory(dir);
  const missing = needed.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new UserError(`a run directory must hold ${needed.join(', ')} (written by kerasts train). Received: a directory without ${missing.join(', ')}.`, {
      code: 'NOT_A_RUN',
      file: dir,
    });
  }
  const run = new RunDirectory(dir);
  return { dir, modelPath: run.path(RUN_FILES.model), spec: await run.readSpec(), settings: await run.readSettings() };
}
