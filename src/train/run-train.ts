import { initBackend, type BackendChoice } from '../backend/select.js';
import { Interrupted, RuntimeFailure } from '../errors.js';
import { planSpec } from '../model/from-spec.js';
import type { ModelPlan } from '../model/plan.js';
import { DATASETS } from '../data/registry.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import { join } from 'node:path';
import { checkpointFolderName, RUN_FILES } from '../run/layout.js';
import { claimRunDir, type RunClaim, type RunDirectory } from '../run/run-directory.js';
import { describeFileSystemError } from '../util/fs-error.js';
import type { DatasetSummary, EpochRecord, StopReason } from '../run/schemas.js';
import { loadSpec } from '../spec/load.js';
import { testPause } from '../util/test-pause.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { trainCallbacks } from './callbacks/index.js';
import { evaluateSamples } from './evaluate.js';
import { fitLoop, type FitResult } from './fit-loop.js';
import { InterruptFlag } from './interrupt.js';
import { writeFilterGrid } from './model-for-run.js';
import { EpochProgress } from './progress.js';
import { loadResume, type Resumed } from './resume.js';
import { chooseRunDir, createRunDir, effectiveSpec, prepareData, prepareModel, type RunData, type TrainOptions } from './run-setup.js';

export type { TrainOptions } from './run-setup.js';
import { checkModelFitsData, toSamples } from './samples.js';
import { OPTIMIZER_CLASS_NAMES } from '../spec/defaults.js';
import { createTrainStep } from './step-factory.js';
import { compiledParts, type CompiledParts } from './train-step.js';

export interface TrainResult {
  runDir: string;
  backend: BackendChoice;
  dataset: DatasetSummary;
  history: EpochRecord[];
  stopReason: StopReason;
  testLoss: number;
  testAccuracy?: number;
  imagesPerSecond: number;
  secondsPerEpoch: number;
  workers: number;
}

/** Everything the fit needs, once the run directory exists. */
interface PreparedRun {
  used: ExperimentSpec;
  seed: number;
  data: RunData;
  parts: CompiledParts;
  runDir: RunDirectory;
  backend: BackendChoice;
  workers: number;
  resumed?: Resumed;
}

/** Trains with the spec's callbacks, Ctrl-C stopping after the batch; a NaN or interrupt becomes its error. */
async function fit(run: PreparedRun, options: TrainOptions, log: (line: string) => void): Promise<FitResult & { workers: number }> {
  const { used, runDir, resumed } = run;
  const progress = new EpochProgress({ stream: options.progressStream ?? process.stderr, quiet: options.quiet });
  const interrupt = new InterruptFlag(() => log('Interrupted: finishing the current batch, then saving a checkpoint (Ctrl-C again to quit now).')).install();
  const { list, nan } = trainCallbacks({ spec: used.callbacks, runDir, progress, stopRequested: () => interrupt.stopRequested, seed: run.seed });
  if (resumed) list.setStates(resumed.state.callbacks, resumed.statePath);
  const step = await createTrainStep(run.parts, { workers: run.workers, backend: run.backend.name });
  let result: FitResult;
  try {
    result = await fitLoop(run.parts, step, run.data.train, {
      epochs: used.fit.epochs,
      initialEpoch: resumed?.state.epoch ?? 0,
      previousHistory: resumed?.state.history,
      batchSize: used.fit.batch_size,
      shuffle: used.fit.shuffle,
      seed: run.seed,
      validation: run.data.validation,
      callbacks: list,
    });
  } finally {
    interrupt.remove();
    step.dispose();
  }
  const completed = result.history.length > 0 ? result.history[result.history.length - 1].epoch : 0;
  const checkpoint = join(runDir.dir, checkpointFolderName(completed).folder);
  if (result.stopReason === 'interrupted') {
    throw new Interrupted(`training interrupted; the checkpoint of epoch ${completed} is in ${checkpoint}. Continue with: kerasts train ${options.specPath} --resume --out ${runDir.dir}`);
  }
  if (result.stopReason === 'nan') {
    throw new RuntimeFailure(
      `the loss became NaN or infinite at epoch ${nan?.nanAt?.epoch}, batch ${nan?.nanAt?.batch}; training stopped (terminate_on_nan). The last good epoch's checkpoint is in ${checkpoint}.`,
      { code: 'NAN_LOSS', hint: 'Try a lower learning rate.' },
    );
  }
  return { ...result, workers: step.threads };
}

/** After training: the test evaluation, the final model and filters, and metrics.json. */
async function finish(run: PreparedRun, fitted: FitResult & { workers: number }): Promise<TrainResult> {
  const { runDir, data, parts, used } = run;
  const test = await evaluateSamples(parts, toSamples(data.dataset.test, data.dataset, used.compile.loss));
  await runDir.saveModel(parts.model);
  await writeFilterGrid(parts.model, runDir.path(RUN_FILES.filtersAfter));
  await testPause('train-before-metrics');
  const result: TrainResult = {
    runDir: runDir.dir,
    backend: run.backend,
    dataset: data.summary,
    history: fitted.history,
    stopReason: fitted.stopReason,
    testLoss: test.loss,
    testAccuracy: test.acc,
    imagesPerSecond: fitted.imagesPerSecond,
    secondsPerEpoch: fitted.secondsPerEpoch,
    workers: fitted.workers,
  };
  await runDir.writeMetrics({
    test_loss: result.testLoss,
    test_accuracy: result.testAccuracy,
    images_per_second: result.imagesPerSecond,
    seconds_per_epoch: result.secondsPerEpoch,
    backend: run.backend.name,
    workers: result.workers,
    epochs: result.history.length,
    stop_reason: result.stopReason,
    dataset: result.dataset,
  });
  return result;
}

/**
 * `kerasts train` as a plain function: load spec, settings, backend and data; build or
 * resume the model; train with checkpoints each epoch; evaluate on the test set; write the
 * run directory. Returns what happened; prints only notices and progress.
 */
export async function runTrain(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { spec, file } = await loadSpec(options.specPath);
  // Locked before anything is loaded; a new run that fails before its first checkpoint is removed.
  const claim = await claimRunDir(await chooseRunDir(options, spec), { resume: options.resume === true, log });
  try {
    return await trainIn(claim, spec, file, options, log);
  } catch (error) {
    claim.abandon();
    throw describeFileSystemError(error);
  } finally {
    claim.release();
  }
}

type DataShape = Parameters<typeof checkModelFitsData>[2];

/** A built-in dataset's image shape and class count, from the registry, before anything is loaded. */
function knownDataShape(used: ExperimentSpec, ordering: ImageDimOrdering): DataShape | undefined {
  const { name } = used.dataset;
  const numClasses = name === 'directory' ? undefined : DATASETS[name].numClasses;
  const imageShape = datasetInputShape(used.dataset, ordering);
  return numClasses === undefined || imageShape === undefined ? undefined : { name, numClasses, imageShape: imageShape as DataShape['imageShape'] };
}

/** The planned model's input and output against the data's, when both are known. */
function checkPlanFits(plan: ModelPlan | undefined, data: DataShape | undefined, ordering: ImageDimOrdering, file: string): void {
  const last = plan?.layers.at(-1);
  if (plan && last && data) checkModelFitsData([null, ...plan.inputShape], last.output, data, ordering, file);
}

async function trainIn(claim: RunClaim, spec: ExperimentSpec, file: string, options: TrainOptions, log: (line: string) => void): Promise<TrainResult> {
  const { dir } = claim;
  const startBackend = () => initBackend(options.resolved.settings.backend, { log });
  // A resumed run's model is loaded at once, so it needs the backend first; a new run starts it
  // after its spec and data are checked, so that a refusal is the only line printed.
  let backend: BackendChoice | undefined = options.resume ? await startBackend() : undefined;
  // A resumed run goes on with what it recorded (spec, flags, seed, workers); loadResume refuses contradictions.
  const resumed = options.resume ? await loadResume(dir, spec, options) : undefined;
  if (resumed) log(`Resuming ${dir} after epoch ${resumed.state.epoch} (weights and ${OPTIMIZER_CLASS_NAMES[resumed.used.compile.optimizer.name]} state restored).`);
  const seed = resumed?.state.seed ?? options.seed ?? spec.fit.seed ?? Math.floor(Math.random() * 2 ** 31);
  const used = resumed?.used ?? effectiveSpec(spec, options, seed);
  const workers = options.workers ?? resumed?.workers ?? options.defaultWorkers ?? 1;
  // A spec whose shapes are wrong or whose weights cannot fit fails here, before minutes of data loading.
  const ordering = options.resolved.settings.image_dim_ordering;
  const plan = resumed ? undefined : planSpec(used, file, { imageDimOrdering: ordering, training: true });
  // A built-in dataset's shape and classes are known before its images are: a wrong last layer is refused first.
  checkPlanFits(plan, knownDataShape(used, ordering), ordering, file);
  const data = await prepareData(used, options, log);
  checkPlanFits(plan, data.dataset, ordering, file);
  backend ??= await startBackend();
  const model = await prepareModel(used, file, options, data, resumed?.model);
  const parts = compiledParts(model);
  const runDir = resumed?.runDir ?? (await createRunDir(dir, used, seed, model, data, options, backend, workers));
  claim.keep();
  const run: PreparedRun = { used, seed, data, parts, runDir, backend, workers, resumed };
  return finish(run, await fit(run, options, log));
}
