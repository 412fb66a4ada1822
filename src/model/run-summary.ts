import tf from '../util/tfjs.cjs';
import { initBackend } from '../backend/select.js';
import { checkWeightsFlag, kerasInputModel } from './keras-input.js';
import { loadModel } from './load.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { loadSpec } from '../spec/load.js';
import { resolveModelInput } from '../run/input.js';
import { modelFromSpec } from './from-spec.js';
import { summarizeModel, type ModelSummary } from './summary.js';

export interface SummaryOptions {
  /** A spec JSON, a tfjs model.json, a Keras model file, or a run directory; undefined means the latest run under runs/. */
  input?: string;
  imageDimOrdering: ImageDimOrdering;
  /** A weights-only Keras HDF5 file (`--weights`) for a Keras model file without weights. */
  weights?: string;
}

/**
 * Builds (from a spec or a Keras file) or loads (a model.json / run directory) the model that `summary`,
 * `plot` and `report` describe. A spec is built under `imageDimOrdering`, with the
 * dataset's input shape when the first layer gives none; a saved model keeps the ordering
 * it was built with, and so does a Keras file (a Theano-ordered one stays channels-first). The caller disposes the model.
 */
export async function loadInputModel(options: SummaryOptions): Promise<tf.LayersModel> {
  // Building a model only creates weights: the pure-JS backend is enough and needs no setup.
  await initBackend('cpu');
  const input = await resolveModelInput(options.input);
  checkWeightsFlag(input, options.weights);
  if (input.kind === 'model') return loadModel(input.modelPath);
  if (input.kind === 'keras') return kerasInputModel(input.path, input.label, options.weights);
  const { spec, file } = await loadSpec(input.label);
  return modelFromSpec(spec, file, { imageDimOrdering: options.imageDimOrdering, training: false });
}

/** The summary of the model `options.input` names (see {@link loadInputModel}). */
export async function runSummary(options: SummaryOptions): Promise<ModelSummary> {
  const model = await loadInputModel(options);
  try {
    return summarizeModel(model);
  } finally {
    model.dispose();
  }
}
