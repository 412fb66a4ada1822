import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.js';
import { loadModelFile } from '../io/file-io.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import { loadSpec, resolveModelPath } from '../spec/load.js';
import { resolveFiltersInput } from '../viz/filters-input.js';
import { buildModel } from './build.js';
import { summarizeModel, type ModelSummary } from './summary.js';

export interface SummaryOptions {
  /** A spec JSON, a tfjs model.json, or a run directory; undefined means the latest run under runs/. */
  input?: string;
  imageDimOrdering: ImageDimOrdering;
}

/**
 * Makes tfjs usable for building models without output noise: the pure-JS backend is
 * enough (weights are created, nothing is trained), and PROD silences tfjs's "install
 * tfjs-node" console nag so stdout carries only the result.
 */
export async function useQuietCpuBackend(): Promise<void> {
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('cpu'))) {
    throw new Error('the tfjs cpu backend did not initialise');
  }
}

/**
 * Builds (from a spec) or loads (a model.json / run directory) the model and returns its
 * summary. A spec is built under `imageDimOrdering`, with the dataset's input shape when
 * the first layer gives none; a saved model keeps the ordering it was built with.
 */
export async function runSummary(options: SummaryOptions): Promise<ModelSummary> {
  await useQuietCpuBackend();
  const input = await resolveFiltersInput(options.input);
  let model: tf.LayersModel;
  if (input.kind === 'model') {
    model = await loadModelFile(input.modelPath);
  } else {
    const { spec, file } = await loadSpec(input.label);
    const modelPath = resolveModelPath(spec, file);
    if (modelPath !== undefined) {
      model = await loadModelFile(modelPath);
    } else if (typeof spec.model === 'string') {
      throw new UserError('model must be a list of layers or a model.json path.', { file });
    } else {
      const inputShape = datasetInputShape(spec.dataset.name, options.imageDimOrdering);
      model = buildModel(spec.model, { imageDimOrdering: options.imageDimOrdering, inputShape, file });
    }
  }
  try {
    return summarizeModel(model);
  } finally {
    model.dispose();
  }
}
