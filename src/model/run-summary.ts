import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/select.js';
import { loadModelFile } from '../io/file-io.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { loadSpec } from '../spec/load.js';
import { resolveFiltersInput } from '../viz/filters-input.js';
import { modelFromSpec } from './from-spec.js';
import { summarizeModel, type ModelSummary } from './summary.js';

export interface SummaryOptions {
  /** A spec JSON, a tfjs model.json, or a run directory; undefined means the latest run under runs/. */
  input?: string;
  imageDimOrdering: ImageDimOrdering;
}

/**
 * Builds (from a spec) or loads (a model.json / run directory) the model and returns its
 * summary. A spec is built under `imageDimOrdering`, with the dataset's input shape when
 * the first layer gives none; a saved model keeps the ordering it was built with.
 */
export async function runSummary(options: SummaryOptions): Promise<ModelSummary> {
  // Building a model only creates weights: the pure-JS backend is enough and needs no setup.
  await initBackend('cpu');
  const input = await resolveFiltersInput(options.input);
  let model: tf.LayersModel;
  if (input.kind === 'model') {
    model = await loadModelFile(input.modelPath);
  } else {
    const { spec, file } = await loadSpec(input.label);
    model = await modelFromSpec(spec, file, { imageDimOrdering: options.imageDimOrdering, training: false });
  }
  try {
    return summarizeModel(model);
  } finally {
    model.dispose();
  }
}
