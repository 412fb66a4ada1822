import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice } from '../backend/select.js';
import { loadDataset, makeAugmenter, type LoadedDataset } from '../data/index.js';
import { Interrupted, RuntimeFailure, UserError } from '../errors.js';
import { INITIAL_MODEL_DIR } from '../io/file-io.js';
import type { ResolvedSettings } from '../settings/resolve.js';
import { loadSpec } from '../spec/load.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { fitLoop, type EpochRecord, type StopReason } from './fit-loop.js';
import { evaluateSamples } from './evaluate.js';
import { EarlyStopping, MonitoredBest } from './monitor.js';
import { EpochProgress } from './progress.js';
import { InterruptFlag } from './interrupt.js';
import { latestCheckpointedRun, newRunDir, RunDirectory, RUN_FILES, runName, isRunDir, type CheckpointState } from './run-dir.js';
import { checkModelFitsData, dataRecord, specAsRun, toSamples, validationFor, type DataRecord } from './samples.js';
import { createTrainStep } from './step-factory.js';
import { compiledParts } from './train-step.js';
import { buildSpecModel, describeModel, writeFilterGrid } from './model-for-run.js';

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
  workers?: number;
  quiet?: boolean;
  /** Notices (backend choice, dataset source, checkpoint) go here; stderr in the CLI. */
  log?: (line: string) => void;
  progressStream?: { write(text: string): unknown; isTTY?: boolean };
}

export interface TrainResult {
  runDir: string;
  backend: BackendChoice;
  dataset: DataRecord;
  history: EpochRecord[];
  stopReason: StopReason;
  testLoss: number;
  testAccuracy?: number;
  imagesPerSecond: number;
  secondsPerEpoch: number;
  workers: number;
}

/** The spec with command-line overrides applied: what this run really used (written to spec.json). */
function effectiveSpec(spec: ExperimentSpec, options: TrainOptions, seed: number): ExperimentSpec {
  return {
    ...spec,
    dataset: {
      ...spec.dataset,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.data ? { path: options.data } : {}),
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

async function chooseRunDir(options: TrainOptions, spec: ExperimentSpec): Promise<string> {
  const name = runName(spec.name, options.specPath);
  if (options.resume) {
    const dir = options.out ?? spec.output?.dir ?? (await latestCheckpointedRun(name));
    if (!dir) {
      throw new UserError(`--resume needs a checkpoint of an earlier run of "${name}". Received: none under runs/.`, {
        code: 'NO_CHECKPOINT',
        file: options.specPath,
        hint: 'Pass the run directory with --out.',
      });
    }
    return dir;
  }
  const explicit = options.out ?? spec.output?.dir;
  if (explicit) {
    if (isRunDir(explicit)) {
      throw new UserError('--out must not hold an earlier run, which would be overwritten. Received: a run directory.', {
        code: 'RUN_EXISTS',
        file: explicit,
        hint: 'Choose another --out, or add --resume to continue it.',
      });
    }
    return explicit;
  }
  return newRunDir(name);
}

/**
 * `kerasts train` as a plain function: load spec, settings, backend and data; build or
 * resume the model; train with checkpoints each epoch; evaluate on the test set; write the
 * run directory. Returns what happened; prints only notices and progress.
 */
export async function runTrain(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { settings } = options.resolved;
  const ordering = settings.image_dim_ordering;
  const { spec, file } = await loadSpec(options.specPath);
  const backend = await initBackend(settings.backend, { log });

  let runDir: RunDirectory | undefined;
  let resumeState: CheckpointState | undefined;
  let model: tf.LayersModel;
  const dirPath = await chooseRunDir(options, spec);
  if (options.resume) {
    runDir = new RunDirectory(dirPath);
    const checkpoint = await runDir.loadCheckpoint();
    model = checkpoint.model;
    resumeState = checkpoint.state;
    log(`Resuming ${dirPath} after epoch ${resumeState.epoch} (weights and ${model.optimizer?.getClassName() ?? 'optimizer'} state restored).`);
  }

  const seed = options.seed ?? resumeState?.seed ?? spec.fit.seed ?? Math.floor(Math.random() * 2 ** 31);
  const used = effectiveSpec(spec, options, seed);
  const dataset: LoadedDataset = await loadDataset({
    name: used.dataset.name,
    path: used.dataset.path,
    directory: used.dataset,
    limit: used.dataset.limit,
    imageDimOrdering: ordering,
    mirror: options.mirror,
    settingsMirrors: settings.dataset_mirrors,
    log,
    onProgress: options.quiet ? () => undefined : undefined,
  });
  log(`Dataset ${dataset.name}: ${dataset.train.count} train, ${dataset.test.count} test images from ${dataset.source}.`);

  model ??= await buildSpecModel(used, file, settings, dataset.imageShape);
  checkModelFitsData(model.inputs[0].shape, model.outputs[0].shape, dataset, ordering, file);
  const parts = compiledParts(model);
  const { train, validation } = validationFor(used, dataset);
  const trainSamples = { ...toSamples(train, dataset, used.compile.loss), augment: makeAugmenter(used.fit.augmentation, dataset.imageShape, ordering, seed) };
  const validationSamples = validation && validation.count > 0 ? toSamples(validation, dataset, used.compile.loss) : undefined;

  if (!runDir) {
    runDir = await RunDirectory.create(dirPath);
    await runDir.writeJson(RUN_FILES.spec, specAsRun(used, dataset));
    if (dataset.classNames) await runDir.writeJson(RUN_FILES.classes, dataset.classNames);
    await runDir.writeJson(RUN_FILES.settings, { settings, sources: options.resolved.sources, backend: backend.name });
    await runDir.writeText(RUN_FILES.summary, describeModel(model));
    await runDir.saveModel(model, INITIAL_MODEL_DIR);
    await writeFilterGrid(model, runDir.path(RUN_FILES.filtersBefore));
    await runDir.saveCheckpoint(model, { epoch: 0, history: [], seed });
  }

  const earlyStopping = used.callbacks.early_stopping ? new EarlyStopping(used.callbacks.early_stopping) : undefined;
  if (earlyStopping && resumeState?.earlyStopping) earlyStopping.restore(resumeState.earlyStopping);
  const checkpointSpec = used.callbacks.model_checkpoint;
  const checkpointBest = checkpointSpec ? new MonitoredBest(checkpointSpec.monitor, checkpointSpec.mode) : undefined;
  if (checkpointBest && resumeState?.modelCheckpoint) Object.assign(checkpointBest, resumeState.modelCheckpoint);
  const progress = new EpochProgress({ stream: options.progressStream ?? process.stderr, quiet: options.quiet });
  const interrupt = new InterruptFlag(() => log('Interrupted: finishing the current batch, then saving a checkpoint (Ctrl-C again to quit now).')).install();
  const step = await createTrainStep(parts, { workers: options.workers ?? 1, backend: backend.name });
  const threads = step.threads;
  const rd = runDir;
  let fit;
  try {
    fit = await fitLoop(parts, step, trainSamples, {
      epochs: used.fit.epochs,
      initialEpoch: resumeState?.epoch ?? 0,
      previousHistory: resumeState?.history,
      batchSize: used.fit.batch_size,
      shuffle: used.fit.shuffle,
      seed,
      validation: validationSamples,
      earlyStopping,
      restoreBestWeights: used.callbacks.early_stopping?.restore_best_weights,
      terminateOnNaN: used.callbacks.terminate_on_nan,
      progress,
      shouldStop: () => interrupt.stopRequested,
      onEpochEnd: async (record, history) => {
        await rd.writeHistory(history);
        if (checkpointSpec && checkpointBest) {
          // Keras's ModelCheckpoint: every epoch, or only when the monitored value improves.
          const value = record.logs[checkpointSpec.monitor];
          const improved = value !== undefined && checkpointBest.offer(value, record.epoch);
          if (!checkpointSpec.save_best_only || improved) {
            await rd.saveModel(model, RUN_FILES.modelCheckpointDir);
            progress.notice(`Epoch ${record.epoch}: saved the model to ${rd.path(RUN_FILES.modelCheckpointDir)}${improved ? ` (${checkpointSpec.monitor} improved to ${value.toFixed(4)})` : ''}.`);
          }
        }
        await rd.saveCheckpoint(model, {
          epoch: record.epoch,
          history,
          seed,
          earlyStopping: earlyStopping?.state(),
          modelCheckpoint: checkpointBest ? { best: checkpointBest.best, bestEpoch: checkpointBest.bestEpoch } : undefined,
        });
      },
    });
  } finally {
    interrupt.remove();
    step.dispose();
  }

  const { history } = fit;
  if (fit.stopReason === 'interrupted') {
    const completed = history.length > 0 ? history[history.length - 1].epoch : 0;
    throw new Interrupted(
      `training interrupted; the checkpoint of epoch ${completed} is in ${rd.path(RUN_FILES.checkpointDir)}. Continue with: kerasts train ${options.specPath} --resume --out ${rd.dir}`,
    );
  }
  if (fit.stopReason === 'nan') {
    throw new RuntimeFailure(
      `the loss became NaN or infinite at epoch ${fit.nanAt?.epoch}, batch ${fit.nanAt?.batch}; training stopped (terminate_on_nan). The last good epoch's checkpoint is in ${rd.path(RUN_FILES.checkpointDir)}.`,
      { code: 'NAN_LOSS', hint: 'Try a lower learning rate.' },
    );
  }

  const test = await evaluateSamples(parts, toSamples(dataset.test, dataset, used.compile.loss));
  await rd.saveModel(model);
  await writeFilterGrid(model, rd.path(RUN_FILES.filtersAfter));
  const result: TrainResult = {
    runDir: rd.dir,
    backend,
    dataset: dataRecord(dataset, train, validation),
    history,
    stopReason: fit.stopReason,
    testLoss: test.loss,
    testAccuracy: test.acc,
    imagesPerSecond: fit.imagesPerSecond,
    secondsPerEpoch: fit.secondsPerEpoch,
    workers: threads,
  };
  await rd.writeJson(RUN_FILES.metrics, {
    test_loss: result.testLoss,
    test_accuracy: result.testAccuracy,
    images_per_second: result.imagesPerSecond,
    seconds_per_epoch: result.secondsPerEpoch,
    backend: backend.name,
    workers: result.workers,
    epochs: history.length,
    stop_reason: result.stopReason,
    dataset: result.dataset,
  });
  return result;
}
