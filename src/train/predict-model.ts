/**
 * The model `kerasts predict` classifies with: a finished run's (with its class names and
 * ordering), or a Keras model file's, whose ordering is the one it was saved with.
 */
import type * as tf from '@tensorflow/tfjs';
import { CLASS_NAMES } from '../data/class-names.js';
import { isKerasModelFile, modelFromKerasFile } from '../keras/read/index.js';
import { checkWeightsFlag, readKerasInput } from '../model/keras-input.js';
import { RunDirectory } from '../run/run-directory.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { loadRun } from './load-run.js';

export interface PredictModel {
  dir: string;
  model: tf.LayersModel;
  imageDimOrdering: ImageDimOrdering;
  classNames?: readonly string[];
  /** A Keras model JSON given without `--weights`: its weights are freshly initialised. */
  untrained?: boolean;
}

/** "th" when the model's first layer with a data format is channels-first (a Theano-ordered Keras model), else "tf". */
export function modelOrdering(model: tf.LayersModel): ImageDimOrdering {
  for (const layer of model.layers) {
    const format = layer.getConfig().dataFormat;
    if (format !== undefined) return format === 'channelsFirst' ? 'th' : 'tf';
  }
  return 'tf';
}

/** Loads `input`: a Keras model file when its content says so (with `weights`' weights when given), else a run directory. */
export async function loadPredictModel(input: string, weights?: string): Promise<PredictModel> {
  if (await isKerasModelFile(input)) {
    const file = await readKerasInput(input, input, weights);
    const model = await modelFromKerasFile(file);
    return { dir: input, model, imageDimOrdering: modelOrdering(model), ...(file.weights === undefined ? { untrained: true } : {}) };
  }
  checkWeightsFlag({ kind: 'run', label: input }, weights);
  const run = await loadRun(input);
  const classNames = (await new RunDirectory(input).readClassNames()) ?? CLASS_NAMES[run.spec.dataset.name];
  return { dir: input, model: run.model, imageDimOrdering: run.imageDimOrdering, ...(classNames === undefined ? {} : { classNames }) };
}
