/**
 * `kerasts train --resume`: the run continues exactly as it recorded itself (spec.json,
 * settings.json's `train` record, the checkpoint). A flag or spec that contradicts the record
 * is exit 2 naming the difference; only `--epochs` may change, to extend (or end sooner) a run.
 */
import type * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SAMPLE_NAME } from '../data/index.js';
import { UserError } from '../errors.js';
import { restoreAdamPowers } from '../model/adam-state.js';
import { loadModel } from '../model/load.js';
import { removeStaleFiles } from '../run/cleanup.js';
import { RUN_FILES } from '../run/layout.js';
import { RunDirectory } from '../run/run-directory.js';
import type { CheckpointState, RunSettings, TrainRecord } from '../run/schemas.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { effectiveSpec, type TrainOptions } from './run-setup.js';
import { specAsRun } from './samples.js';

/** A resumed run: its directory, checkpoint model (weights and optimizer state), training state and what it recorded. */
export interface Resumed {
  runDir: RunDirectory;
  model: tf.LayersModel;
  state: CheckpointState;
  statePath: string;
  /** The recorded spec, with `--epochs` applied when given. */
  used: ExperimentSpec;
  workers?: number;
}

type Difference = { path: string; recorded: unknown; received: unknown };

/** The first JSON path (`model.layers[2].config.filters`) at which `recorded` and `received` differ. */
export function firstDifference(recorded: unknown, received: unknown, path = ''): Difference | undefined {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (!isObject(recorded) || !isObject(received) || Array.isArray(recorded) !== Array.isArray(received)) {
    return recorded === received ? undefined : { path, recorded, received };
  }
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(received)])];
  for (const key of keys) {
    const child = Array.isArray(recorded) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    const found = firstDifference(recorded[key], received[key], child);
    if (found) return found;
  }
  return undefined;
}

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

/** A spec as JSON, undefined fields dropped and the data folder absolute, for comparing two specs. */
function comparable(spec: ExperimentSpec): unknown {
  const json = JSON.parse(JSON.stringify(spec)) as { dataset: { path?: string } };
  if (json.dataset.path !== undefined) json.dataset.path = resolve(json.dataset.path);
  return json;
}

/** Runs made before the record: the spec.json values count as given, so they are not compared. */
function flagsOf(record: TrainRecord | undefined, recorded: ExperimentSpec): TrainRecord['flags'] {
  return record?.flags ?? { epochs: recorded.fit.epochs, batch_size: recorded.fit.batch_size, limit: recorded.dataset.limit, data: recorded.dataset.path };
}

/** The spec given now must be the one the run used, once the recorded flags are applied to it. */
function checkSpec(spec: ExperimentSpec, options: TrainOptions, recorded: ExperimentSpec, flags: TrainRecord['flags'], seed: number, specFile: string): void {
  const asRun = effectiveSpec(spec, { epochs: flags.epochs, batchSize: flags.batch_size, limit: flags.limit, data: flags.data, skipBadImages: flags.skip_bad_images }, seed);
  const expected = specAsRun(asRun, { name: recorded.dataset.name, kind: recorded.dataset.name === SAMPLE_NAME ? 'sample' : undefined });
  if (options.epochs !== undefined) expected.fit = { ...expected.fit, epochs: recorded.fit.epochs };
  const difference = firstDifference(comparable(recorded), comparable(expected));
  if (!difference) return;
  throw new UserError(`must be as the resumed run recorded it in ${specFile} (${show(difference.recorded)}). Received: ${show(difference.received)}.`, {
    code: 'RESUME_MISMATCH',
    file: options.specPath,
    location: difference.path,
    hint: `Resume with the spec the run used (e.g. ${specFile}), or train a new run.`,
  });
}

/** Each flag given now must equal what the run recorded. */
function checkFlags(options: TrainOptions, recorded: ExperimentSpec, state: CheckpointState, record: TrainRecord | undefined): void {
  const absolute = (path: string | undefined) => (path === undefined ? undefined : resolve(path));
  const flags: [string, unknown, unknown, string][] = [
    ['--limit', options.limit, recorded.dataset.limit, 'dataset.limit of spec.json'],
    ['--batch-size', options.batchSize, recorded.fit.batch_size, 'fit.batch_size of spec.json'],
    ['--data', absolute(options.data), absolute(recorded.dataset.path), 'dataset.path of spec.json'],
    ['--seed', options.seed, state.seed, 'the checkpoint'],
    ['--workers', options.workers, record?.workers ?? options.workers, 'train.workers of settings.json'],
    ['--skip-bad-images', options.skipBadImages || undefined, recorded.dataset.skip_bad_images || undefined, 'dataset.skip_bad_images of spec.json'],
  ];
  for (const [flag, received, value, where] of flags) {
    if (received === undefined || received === value) continue;
    throw new UserError(`${flag} must be what the resumed run recorded: ${show(value)} (${where}). Received: ${show(received)}.`, {
      code: 'RESUME_MISMATCH',
      hint: 'Drop the flag to continue the run as recorded; of the recorded values only --epochs may change.',
    });
  }
}

/** The epochs to train to: the recorded ones, or `--epochs`; a finished run needs `--epochs` beyond its last epoch. */
async function epochsToRun(runDir: RunDirectory, options: TrainOptions, recorded: ExperimentSpec, state: CheckpointState): Promise<number> {
  const done = state.epoch;
  // metrics.json of these very epochs: the run was evaluated after them (an extension killed midway has older metrics).
  const finished = existsSync(runDir.path(RUN_FILES.metrics)) && (await runDir.readMetrics()).epochs === state.history.length;
  if (finished && (options.epochs === undefined || options.epochs <= done)) {
    throw new UserError(`the run is finished: ${done} epochs trained and evaluated (${RUN_FILES.metrics}); --resume continues an unfinished run. Received: ${options.epochs === undefined ? 'no --epochs' : `--epochs ${options.epochs}`}.`, {
      code: 'RUN_FINISHED',
      file: runDir.dir,
      hint: `Add --epochs N with N above ${done} to train it further.`,
    });
  }
  if (options.epochs !== undefined && options.epochs < done) {
    throw new UserError(`--epochs must be at least the ${done} epochs the checkpoint has done. Received: ${options.epochs}.`, { code: 'RESUME_MISMATCH', file: runDir.dir });
  }
  return options.epochs ?? recorded.fit.epochs;
}

/** Records a changed epoch count, so a later --resume continues to it. */
async function recordEpochs(runDir: RunDirectory, used: ExperimentSpec, settings: RunSettings): Promise<void> {
  await runDir.writeSpec(used);
  if (settings.train) await runDir.writeSettings({ ...settings, train: { ...settings.train, flags: { ...settings.train.flags, epochs: used.fit.epochs } } });
}

/**
 * Opens run `dir` to continue it with `spec` and `options`: checks them against what the run
 * recorded, then removes what a killed process left half-written and rewrites history.csv from
 * the checkpoint's history (the epochs after it are trained again, so their rows must go).
 */
export async function loadResume(dir: string, spec: ExperimentSpec, options: TrainOptions): Promise<Resumed> {
  const runDir = new RunDirectory(dir);
  const { state, modelPath, statePath } = await runDir.readCheckpoint();
  const recorded = await runDir.readSpec();
  const settings = await runDir.readSettings();
  checkSpec(spec, options, recorded, flagsOf(settings.train, recorded), state.seed, join(dir, RUN_FILES.spec));
  checkFlags(options, recorded, state, settings.train);
  const epochs = await epochsToRun(runDir, options, recorded, state);
  const used: ExperimentSpec = { ...recorded, fit: { ...recorded.fit, epochs } };
  await removeStaleFiles(dir);
  if (epochs !== recorded.fit.epochs) await recordEpochs(runDir, used, settings);
  await runDir.writeHistory(state.history);
  const model = await loadModel(modelPath);
  restoreAdamPowers(model.optimizer);
  return { runDir, model, state, statePath, used, workers: settings.train?.workers };
}
