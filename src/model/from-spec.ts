import type * as tf from '@tensorflow/tfjs';
import { dirname, resolve } from 'node:path';
import { loadModelFile } from '../io/file-io.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { buildModel } from './build.js';

/**
 * The (uncompiled) model a spec describes: the model.json its `model` names, relative to the
 * spec's folder, or its layers built fresh under `imageDimOrdering` with `fit.seed` seeding
 * the initialisers. The input shape defaults to the dataset's when the first layer has none.
 */
export async function modelFromSpec(
  spec: ExperimentSpec,
  file: string,
  options: { imageDimOrdering: ImageDimOrdering; inputShape?: number[] },
): Promise<tf.LayersModel> {
  if (typeof spec.model === 'string') return loadModelFile(resolve(dirname(file), spec.model));
  const { imageDimOrdering } = options;
  const inputShape = options.inputShape ?? datasetInputShape(spec.dataset, imageDimOrdering);
  return buildModel(spec.model, { imageDimOrdering, inputShape, file, seed: spec.fit.seed });
}
