/**
 * `kerasts evaluate <model file>`: a tfjs model.json or a Keras file evaluated on a dataset
 * the user names (`--dataset`, or a spec's dataset section with `--spec`), since a bare model
 * carries no dataset. The images are shaped in the model's own ordering (a Theano-ordered
 * Keras model is channels-first), as `predict` does.
 */
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select.js';
import { CLASS_NAMES } from '../data/class-names.js';
import { loadDataset, type LoadedDataset, type LoadRequest } from '../data/index.js';
import { UserError } from '../errors.js';
import { compileModel } from '../model/compile.js';
import { modelFromKerasFile } from '../keras/read/index.js';
import { checkWeightsFlag, readKerasInput } from '../model/keras-input.js';
import { classNamesFor, confusionMatrix } from '../model/confusion.js';
import { loadModel } from '../model/load.js';
import { resolveModelInput, type ModelInput } from '../run/input.js';
import { checkOutDir, makeDirs } from '../run/out-dir.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { Settings } from '../settings/schema.js';
import type { SpecDatasetName } from '../spec/dataset-shapes.js';
import { loadSpec } from '../spec/load.js';
import { compileSchema, type CompileSpec, type DatasetSpec } from '../spec/schema.js';
import { pathStatus } from '../util/read-file.js';
import { evaluateSamples } from './evaluate.js';
import { writeEvaluationPictures, type EvaluationPictures } from './evaluation-pictures.js';
import { predictClasses } from './predict-classes.js';
import { modelOrdering } from './predict-model.js';
import type { EvaluateResult } from './run-evaluate.js';
import { warnIfNotFinite } from './run-evaluate.js';
import { toSamples } from './samples.js';
import { compiledParts } from './train-step.js';

export interface ModelFileEvaluateOptions {
  /** The model file as the user named it. */
  model: string;
  settings: Settings;
  /** `--dataset`: a registry name. */
  dataset?: SpecDatasetName;
  /** `--spec`: a spec whose dataset (and compile) section is used. */
  spec?: string;
  data?: string;
  limit?: number;
  /** `--out-dir`: where the pictures go; without it none are written. */
  outDir?: string;
  /** `--weights`: a weights-only Keras HDF5 file for a Keras model file. */
  weights?: string;
  log?: (line: string) => void;
}

export type ModelFileEvaluateResult = Omit<EvaluateResult, 'runDir' | 'pictures'> & { model: string; pictures?: EvaluationPictures };

/** What to evaluate on and how to score it: a dataset section, and the loss and metrics. */
export interface EvaluationSource {
  dataset: DatasetSpec;
  compile: CompileSpec;
}

/**
 * The dataset and compile section from `--dataset` (the default compile: categorical
 * cross-entropy and accuracy) or from `--spec`; exactly one of the two must be given.
 */
export async function evaluationSource(flags: { dataset?: SpecDatasetName; spec?: string }): Promise<EvaluationSource> {
  if (flags.dataset !== undefined && flags.spec !== undefined) {
    throw new UserError(`give one of --dataset and --spec, not both. Received: --dataset ${flags.dataset} and --spec ${flags.spec}.`, { code: 'BAD_OPTION', location: '--dataset' });
  }
  if (flags.spec !== undefined) {
    const { spec } = await loadSpec(flags.spec);
    return { dataset: spec.dataset, compile: spec.compile };
  }
  if (flags.dataset === undefined) {
    throw new UserError('a model file carries no dataset: evaluating one needs --dataset <name> or --spec <spec.json>. Received: neither.', {
      code: 'DATASET_NEEDED',
      hint: 'e.g. kerasts evaluate model.json --dataset mnist',
    });
  }
  return { dataset: { name: flags.dataset }, compile: compileSchema.parse({}) };
}

const INPUT_KINDS = 'a run directory, a model.json or a Keras model file';

/** What the input names, told before any dataset flag is looked at: a missing file or a spec is refused first. */
export async function resolveEvaluateInput(input: string): Promise<Exclude<ModelInput, { kind: 'spec' }>> {
  const { stat, what, missing } = await pathStatus(input);
  if (stat === undefined) {
    throw new UserError(`evaluate needs ${INPUT_KINDS}. Received: ${input}, ${missing ? 'which does not exist' : what}.`, { code: 'INPUT_NOT_FOUND' });
  }
  const resolved = await resolveModelInput(input);
  if (resolved.kind === 'spec') {
    throw new UserError(`evaluate needs ${INPUT_KINDS}. Received: ${input}, which is neither (a spec goes to --spec).`, { code: 'INPUT_INVALID', file: input });
  }
  return resolved;
}

/**
 * The model a file holds: a tfjs model.json, or any Keras file (JSON, HDF5, .keras), with
 * `weights` (`--weights`) replacing a Keras file's own; `untrained` when it had none.
 */
export async function loadModelFile(input: Exclude<ModelInput, { kind: 'spec' }>, weights?: string): Promise<{ model: tf.LayersModel; untrained: boolean }> {
  checkWeightsFlag(input, weights);
  if (input.kind === 'model') return { model: await loadModel(input.modelPath), untrained: false };
  const file = await readKerasInput(input.path, input.label, weights);
  return { model: await modelFromKerasFile(file), untrained: file.weights === undefined };
}

/**
 * Checks that the model takes the dataset's images (shaped in the model's ordering) and has
 * one output per class, naming both shapes when not.
 */
export function checkModelFitsDataset(model: Pick<tf.LayersModel, 'inputs' | 'outputs'>, dataset: Pick<LoadedDataset, 'name' | 'imageShape' | 'numClasses'>, ordering: ImageDimOrdering, file: string): void {
  const input = model.inputs[0]!.shape.slice(1);
  const fits = input.length === dataset.imageShape.length && input.every((size, i) => size === null || size === dataset.imageShape[i]);
  if (!fits) {
    throw new UserError(
      `the model's input shape must match the ${dataset.name} images, ${JSON.stringify(dataset.imageShape)} in the model's ordering "${ordering}". Received: ${JSON.stringify(input)}.`,
      { code: 'SHAPE_MISMATCH', file, hint: 'Evaluate on the dataset the model was trained for.' },
    );
  }
  const output = model.outputs[0]!.shape;
  if (output.length !== 2 || output[1] !== dataset.numClasses) {
    throw new UserError(
      `the model's output shape must be [${dataset.numClasses}], one unit per ${dataset.name} class. Received: ${JSON.stringify(output.slice(1))}.`,
      { code: 'CLASSES_MISMATCH', file, hint: 'Evaluate on the dataset the model was trained for.' },
    );
  }
}

/**
 * What to load: the dataset section with `--data` over its path. `--dataset directory` takes
 * the `--data` folder as the test images, resized to the model's input and coloured as it
 * expects, since no spec says so.
 */
export function datasetRequest(dataset: DatasetSpec, model: Pick<tf.LayersModel, 'inputs'>, ordering: ImageDimOrdering, options: Pick<ModelFileEvaluateOptions, 'data' | 'limit' | 'dataset' | 'settings' | 'log'>): LoadRequest {
  const path = options.data ?? dataset.path;
  let directory: DatasetSpec = dataset;
  if (options.dataset === 'directory' && path !== undefined) {
    const [a, b, c] = model.inputs[0]!.shape.slice(1);
    const [rows, cols, channels] = ordering === 'th' ? [b, c, a] : [a, b, c];
    const size = typeof rows === 'number' && typeof cols === 'number' ? { image_size: [rows, cols] as [number, number] } : {};
    directory = { ...dataset, test_path: path, ...size, ...(channels === 1 ? { color_mode: 'grayscale' as const } : channels === 3 ? { color_mode: 'rgb' as const } : {}) };
  }
  return {
    name: dataset.name,
    path,
    directory,
    limit: options.limit,
    imageDimOrdering: ordering,
    settingsMirrors: options.settings.dataset_mirrors,
    log: options.log,
  };
}

/** Evaluates a model file; the pictures are written only with `outDir`. */
export async function runEvaluateModelFile(options: ModelFileEvaluateOptions): Promise<ModelFileEvaluateResult> {
  const input = await resolveEvaluateInput(options.model);
  const source = await evaluationSource(options);
  if (options.outDir !== undefined) await checkOutDir(options.outDir, '--out-dir');
  await initBackend(options.settings.backend, { log: options.log });
  const { model, untrained } = await loadModelFile(input, options.weights);
  compileModel(model, source.compile);
  warnIfNotFinite({ dir: options.model, model }, options.log);
  const ordering = modelOrdering(model);
  const dataset = await loadDataset(datasetRequest(source.dataset, model, ordering, options));
  checkModelFitsDataset(model, dataset, ordering, options.model);
  if (dataset.test.count === 0) {
    throw new UserError(`the dataset must have test images to evaluate on. Received: ${dataset.source}, with none.`, {
      code: 'NO_TEST_DATA',
      location: 'dataset',
      hint: 'For a directory dataset, give dataset.test_path in the spec, or --dataset directory --data <folder>.',
    });
  }
  // After the checks, so a refused model is one line on stderr.
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (untrained) log(`kerasts: note: ${options.model} holds no weights (a model JSON), so it is evaluated with freshly initialised ones.`);
  const samples = toSamples(dataset.test, dataset, source.compile.loss);
  const logs = await evaluateSamples(compiledParts(model), samples);
  const predictions = await predictClasses(model, samples, dataset.test.labels);
  const confusion = confusionMatrix(predictions, classNamesFor(dataset.numClasses, dataset.classNames ?? CLASS_NAMES[dataset.name]));
  const result: ModelFileEvaluateResult = { model: options.model, dataset: dataset.name, samples: dataset.test.count, testLoss: logs.loss, testAccuracy: logs.acc, confusion };
  if (options.outDir === undefined) return result;
  await makeDirs(options.outDir);
  return { ...result, pictures: await writeEvaluationPictures(options.outDir, confusion, predictions, dataset, ordering) };
}
