import tf from '../util/tfjs.cjs';
import { initBackend } from '../backend/select.js';
import { UserError } from '../errors.js';
import { CLASS_NAMES } from '../data/class-names.js';
import { loadDataset } from '../data/index.js';
import { readImageForModel } from '../data/image-file.js';
import { expandImagePaths } from '../data/images/scan.js';
import { lockExistingRun, RunDirectory } from '../run/run-directory.js';
import type { Settings } from '../settings/schema.js';
import { classNamesFor, confusionMatrix, type ConfusionMatrix } from '../model/confusion.js';
import { evaluateSamples } from './evaluate.js';
import { writeEvaluationPictures, type EvaluationPictures } from './evaluation-pictures.js';
import { predictClasses } from './predict-classes.js';
import { loadRun } from './load-run.js';
import { loadPredictModel } from './predict-model.js';
import { checkModelFitsData, toSamples } from './samples.js';
import { compiledParts } from './train-step.js';

export interface EvaluateOptions {
  runDir: string;
  settings: Settings;
  data?: string;
  limit?: number;
  log?: (line: string) => void;
}

export interface EvaluateResult {
  runDir: string;
  dataset: string;
  samples: number;
  testLoss: number;
  testAccuracy?: number;
  /** Rows the true class, columns the predicted one. */
  confusion: ConfusionMatrix;
  pictures: EvaluationPictures;
}

/**
 * Names of the model's weights that hold NaN or an infinity. A run that diverged (too high a
 * learning rate) saves such weights, and every prediction from them is NaN or one class.
 */
export function nonFiniteWeights(model: tf.LayersModel): string[] {
  return model.weights.filter((weight) => {
    const values = weight.read().dataSync();
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return true;
    return false;
  }).map((weight) => weight.originalName);
}

/** One warning line on stderr (or `log`) when the run's weights are not all finite. */
export function warnIfNotFinite(run: { dir: string; model: tf.LayersModel }, log?: (line: string) => void): void {
  const bad = nonFiniteWeights(run.model);
  if (bad.length === 0) return;
  const shown = bad.length > 3 ? `${bad.slice(0, 3).join(', ')} and ${bad.length - 3} more` : bad.join(', ');
  const line = `kerasts: warning: ${run.dir}: the model's weights hold NaN or infinite values (${shown}), so its outputs are meaningless; train it again, e.g. with a lower learning rate.`;
  if (log) log(line);
  else process.stderr.write(`${line}\n`);
}

/** `kerasts evaluate`: the test loss and accuracy of a finished run's model. */
export async function runEvaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  await initBackend(options.settings.backend, { log: options.log });
  // evaluate writes pictures into the run: not while a train writes it, nor two at once.
  const lock = await lockExistingRun(options.runDir, options.log);
  try {
    return await evaluateLocked(options);
  } finally {
    lock.release();
  }
}

async function evaluateLocked(options: EvaluateOptions): Promise<EvaluateResult> {
  const run = await loadRun(options.runDir);
  warnIfNotFinite(run, options.log);
  const dataset = await loadDataset({
    name: run.spec.dataset.name,
    path: options.data ?? run.spec.dataset.path,
    directory: run.spec.dataset,
    // The run was tested on its recorded limit; the same images by default, so figures agree with the run.
    limit: options.limit ?? run.spec.dataset.limit,
    imageDimOrdering: run.imageDimOrdering,
    settingsMirrors: options.settings.dataset_mirrors,
  });
  checkModelFitsData(run.model.inputs[0].shape, run.model.outputs[0].shape, dataset, run.imageDimOrdering, options.runDir);
  const samples = toSamples(dataset.test, dataset, run.spec.compile.loss);
  const logs = await evaluateSamples(compiledParts(run.model), samples);
  const predictions = await predictClasses(run.model, samples, dataset.test.labels);
  const known = dataset.classNames ?? (await new RunDirectory(options.runDir).readClassNames()) ?? CLASS_NAMES[dataset.name];
  const confusion = confusionMatrix(predictions, classNamesFor(dataset.numClasses, known));
  const pictures = await writeEvaluationPictures(options.runDir, confusion, predictions, dataset, run.imageDimOrdering);
  return { runDir: options.runDir, dataset: dataset.name, samples: dataset.test.count, testLoss: logs.loss, testAccuracy: logs.acc, confusion, pictures };
}

export interface Prediction {
  file: string;
  classIndex: number;
  className?: string;
  probability: number;
}

export interface PredictResult {
  predictions: Prediction[];
  /** Images that could not be read, in the order given: the others are still classified. */
  unreadable: UserError[];
}

/**
 * `kerasts predict`: the most likely class of each PNG or JPEG (folders: every image inside)
 * under a finished run's model, or a Keras model file's (no class names then). One unreadable
 * image among many does not cost the user the others' answers: it is reported beside them.
 */
export async function runPredict(options: { runDir: string; images: string[]; settings: Settings; weights?: string; log?: (line: string) => void }): Promise<PredictResult> {
  await initBackend(options.settings.backend, { log: options.log });
  const run = await loadPredictModel(options.runDir, options.weights);
  warnIfNotFinite(run, options.log);
  if (run.untrained === true) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    log(`kerasts: note: ${options.runDir} holds no weights (a model JSON), so its predictions come from freshly initialised ones; give --weights <file.h5>.`);
  }
  const inputShape = run.model.inputs[0].shape.slice(1) as number[];
  const names = run.classNames;
  const result: PredictResult = { predictions: [], unreadable: [] };
  for (const file of await expandImagePaths(options.images)) {
    const image = await readImageForModel(file, inputShape, run.imageDimOrdering).catch((error: unknown) => {
      if (error instanceof UserError) return error;
      throw error;
    });
    if (image instanceof UserError) {
      result.unreadable.push(image);
      continue;
    }
    const probabilities = tf.tidy(() => run.model.predict(image) as tf.Tensor);
    const values = await probabilities.data();
    tf.dispose([image, probabilities]);
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    result.predictions.push({ file, classIndex: best, className: names?.[best], probability: values[best] });
  }
  return result;
}
