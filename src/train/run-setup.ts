/** The steps of `kerasts train` before the fit: choose the run directory, load data, build or resume the model. */
import type * as tf from '@tensorflow/tfjs';
import { resolve } from 'node:path';
import type { BackendChoice } from '../backend/select.js';
import { loadDataset, makeAugmenter, memoryLine, type LoadedDataset } from '../data/index.js';
import { UserError } from '../errors.js';
import { removeStaleFiles } from '../run/cleanup.js';
import { latestCheckpointedRun } from '../run/find.js';
import { claimNewRunDir, isRunDir, isRunFileName, RUN_FILES, RUNS_DIR, runName } from '../run/layout.js';
import { checkNotLocked } from '../run/lock.js';
import { checkOutDir, checkOutDirEmpty } from '../run/out-dir.js';
import { RunDirectory, type RunTarget } from '../run/run-directory.js';
import type { DatasetSummary, TrainRecord } from '../run/schemas.js';
import type { ResolvedSettings } from '../settings/resolve.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { maxInMemoryBytes } from '../util/limits.js';
import type { ArraySamples } from './batches.js';
import { buildSpecModel, describeModel, writeFilterGrid } from './model-for-run.js';
import { checkModelFitsData, dataRecord, loadedDataLine, specAsRun, toSamples, validationFor } from './samples.js';

/** Options of `kerasts train` after parsing; overrides win over the spec. */
export interface TrainOptions {
  specPath: string;
  resolved: ResolvedSettings;
  epochs?: number;
  batchSize?: number;
  out?: string;
  seed?: number;
  resume?: boolean;
  limit?: number;
  data?: string;
  /** Skip unreadable images of a directory dataset (counted in the load line) instead of stopping. */
  skipBadImages?: boolean;
  mirror?: string;
  /** Given --workers; undefined takes the resumed run's, else `defaultWorkers`. */
  workers?: number;
  /** Workers when neither --workers nor a resumed run says (the CLI: the cores). */
  defaultWorkers?: number;
  quiet?: boolean;
  /** Notices (backend choice, dataset source, checkpoint) go here; stderr in the CLI. */
  log?: (line: string) => void;
  progressStream?: { write(text: string): unknown; isTTY?: boolean };
}

/** What settings.json records of the command: the spec file, the flags given (only those), the workers used. */
export function trainRecord(options: TrainOptions, workers: number): TrainRecord {
  const given = {
    epochs: options.epochs,
    batch_size: options.batchSize,
    limit: options.limit,
    data: options.data === undefined ? undefined : resolve(options.data),
    seed: options.seed,
    skip_bad_images: options.skipBadImages || undefined,
  };
  const flags = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as TrainRecord['flags'];
  return { spec_file: options.specPath, flags, workers };
}

/** The spec with command-line overrides applied: what this run really used (written to spec.json). */
export function effectiveSpec(spec: ExperimentSpec, options: Pick<TrainOptions, 'limit' | 'data' | 'skipBadImages' | 'epochs' | 'batchSize'>, seed: number): ExperimentSpec {
  return {
    ...spec,
    dataset: {
      ...spec.dataset,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.data ? { path: resolve(options.data) } : {}),
      ...(options.skipBadImages && spec.dataset.name === 'directory' ? { skip_bad_images: true } : {}),
    },
    fit: {
      ...spec.fit,
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batchSize !== undefined ? { batch_size: options.batchSize } : {}),
      seed,
    },
  };
}

/**
 * The run directory to write: `--out`, the spec's `output.dir`, the latest checkpointed run
 * (`--resume`) or a new one (created here, so its name is this run's alone). A place that
 * cannot hold a run is refused here, before any data is loaded.
 */
export async function chooseRunDir(options: TrainOptions, spec: ExperimentSpec): Promise<RunTarget> {
  const name = runName(spec.name, options.specPath);
  if (options.resume) {
    const dir = options.out ?? spec.output?.dir ?? (await latestCheckpointedRun(name));
    if (!dir) {
      throw new UserError(`--resume needs a checkpoint of an earlier run of "${name}". Received: none under ${RUNS_DIR}/.`, {
        code: 'NO_CHECKPOINT',
        file: options.specPath,
        hint: 'Pass the run directory with --out.',
      });
    }
    return { dir };
  }
  const explicit = options.out ?? spec.output?.dir;
  if (explicit) {
    await checkOutDir(explicit, options.out !== undefined ? '--out' : 'output.dir');
    await checkNotLocked(explicit);
    if (isRunDir(explicit)) {
      throw new UserError('--out must not hold an earlier run, which would be overwritten. Received: a run directory.', {
        code: 'RUN_EXISTS',
        file: explicit,
        hint: 'Choose another --out, or add --resume to continue it.',
      });
    }
    await checkOutDirEmpty(explicit, options.out !== undefined ? '--out' : 'output.dir', isRunFileName);
    return { dir: explicit };
  }
  await checkOutDir(RUNS_DIR, `the runs folder (${RUNS_DIR}/ in the working directory)`);
  return claimNewRunDir(name);
}

/** The data of one run, split and shaped for the model. */
export interface RunData {
  dataset: LoadedDataset;
  train: ArraySamples;
  validation?: ArraySamples;
  summary: DatasetSummary;
}

/** Loads the spec's dataset (with its overrides), logs where it came from, and splits off validation. */
export async function prepareData(used: ExperimentSpec, options: TrainOptions, log: (line: string) => void): Promise<RunData> {
  const { settings } = options.resolved;
  const dataset = await loadDataset({
    name: used.dataset.name,
    path: used.dataset.path,
    directory: used.dataset,
    limit: used.dataset.limit,
    imageDimOrdering: settings.image_dim_ordering,
    mirror: options.mirror,
    settingsMirrors: settings.dataset_mirrors,
    log,
    onProgress: options.quiet ? () => undefined : undefined,
  });
  const split = validationFor(used, dataset);
  const { train, validation } = split;
  log(`${loadedDataLine(used, dataset, split)} ${memoryLine(dataset, dataset.name === 'directory' ? maxInMemoryBytes() : undefined)}`);
  return {
    dataset,
    train: { ...toSamples(train, dataset, used.compile.loss), augment: makeAugmenter(used.fit.augmentation, dataset.imageShape, settings.image_dim_ordering, used.fit.seed ?? 0) },
    validation: validation && validation.count > 0 ? toSamples(validation, dataset, used.compile.loss) : undefined,
    summary: dataRecord(dataset, train, validation),
  };
}

/** The model to train (the resumed one, or built from the spec), checked against the data. */
export async function prepareModel(used: ExperimentSpec, file: string, options: TrainOptions, data: RunData, resumedModel?: tf.LayersModel): Promise<tf.LayersModel> {
  const { settings } = options.resolved;
  const model = resumedModel ?? (await buildSpecModel(used, file, settings, data.dataset.imageShape));
  checkModelFitsData(model.inputs[0].shape, model.outputs[0].shape, data.dataset, settings.image_dim_ordering, file);
  return model;
}

/** A new run directory with what is known before training: spec, settings, summary, initial model and checkpoint. */
export async function createRunDir(dir: string, used: ExperimentSpec, seed: number, model: tf.LayersModel, data: RunData, options: TrainOptions, backend: BackendChoice, workers: number): Promise<RunDirectory> {
  const runDir = await RunDirectory.create(dir);
  // A directory a run was killed in before its first checkpoint may hold its half-written files.
  await removeStaleFiles(dir);
  await runDir.writeSpec(specAsRun(used, data.dataset));
  if (data.dataset.classNames) await runDir.writeClassNames(data.dataset.classNames);
  await runDir.writeSettings({ settings: options.resolved.settings, sources: options.resolved.sources, backend: backend.name, train: trainRecord(options, workers) });
  await runDir.writeSummary(describeModel(model));
  await runDir.saveInitialModel(model);
  await writeFilterGrid(model, runDir.path(RUN_FILES.filtersBefore));
  await runDir.saveCheckpoint(model, { epoch: 0, history: [], seed, callbacks: {} });
  return runDir;
}
