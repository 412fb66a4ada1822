import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select.js';
import { CLASS_NAMES } from '../data/class-names.js';
import { loadDataset } from '../data/index.js';
import { readImageForModel } from '../data/image-file.js';
import { expandImagePaths } from '../data/images/scan.js';
import { UserError } from '../errors.js';
import { parseJsonFile } from '../util/json.js';
import { RUN_FILES } from './run-dir.js';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../settings/schema.js';
import { evaluateSamples } from './evaluate.js';
import { loadRun } from './load-run.js';
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
}

/** `kerasts evaluate`: the test loss and accuracy of a finished run's model. */
export async function runEvaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  await initBackend(options.settings.backend, { log: options.log });
  const run = await loadRun(options.runDir);
  const dataset = await loadDataset({
    name: run.spec.dataset.name,
    path: options.data ?? run.spec.dataset.path,
    directory: run.spec.dataset,
    limit: options.limit,
    imageDimOrdering: run.imageDimOrdering,
    settingsMirrors: options.settings.dataset_mirrors,
  });
  checkModelFitsData(run.model.inputs[0].shape, run.model.outputs[0].shape, dataset, run.imageDimOrdering, options.runDir);
  const logs = await evaluateSamples(compiledParts(run.model), toSamples(dataset.test, dataset, run.spec.compile.loss));
  return { runDir: options.runDir, dataset: dataset.name, samples: dataset.test.count, testLoss: logs.loss, testAccuracy: logs.acc };
}

export interface Prediction {
  file: string;
  classIndex: number;
  className?: string;
  probability: number;
}

/** The class names a run saved (directory datasets), if it saved any. */
async function savedClassNames(runDir: string): Promise<string[] | undefined> {
  const path = join(runDir, RUN_FILES.classes);
  if (!existsSync(path)) return undefined;
  const names = parseJsonFile(await fs.readFile(path, 'utf8'), path);
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    throw new UserError('must be a JSON list of class names (written by kerasts train). Received: something else.', { code: 'BAD_RUN_FILE', file: path });
  }
  return names as string[];
}

/** `kerasts predict`: the most likely class of each PNG or JPEG (folders: every image inside) under a finished run's model. */
export async function runPredict(options: { runDir: string; images: string[]; settings: Settings; log?: (line: string) => void }): Promise<Prediction[]> {
  await initBackend(options.settings.backend, { log: options.log });
  const run = await loadRun(options.runDir);
  const inputShape = run.model.inputs[0].shape.slice(1) as number[];
  const names = (await savedClassNames(options.runDir)) ?? CLASS_NAMES[run.spec.dataset.name];
  const predictions: Prediction[] = [];
  for (const file of await expandImagePaths(options.images)) {
    const image = await readImageForModel(file, inputShape, run.imageDimOrdering);
    const probabilities = tf.tidy(() => run.model.predict(image) as tf.Tensor);
    const values = await probabilities.data();
    tf.dispose([image, probabilities]);
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    predictions.push({ file, classIndex: best, className: names?.[best], probability: values[best] });
  }
  return predictions;
}
