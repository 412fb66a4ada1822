import type * as tf from '@tensorflow/tfjs';
import { dirname, relative, resolve } from 'node:path';
import { isKerasModelFile, modelFromKerasFile, readKerasFile } from '../keras/read/index.js';
import { loadModel } from './load.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { buildModel } from './build.js';
import { planModel, type ModelPlan } from './plan.js';

/**
 * The (uncompiled) model a spec describes: the model.json or Keras file its `model` names, relative to the
 * spec's folder, or its layers built fresh under `imageDimOrdering` with `fit.seed` seeding
 * the initialisers. The input shape defaults to the dataset's when the first layer has none.
 * `training: false` (a summary) lets through a model whose weights fit but whose training state would not.
 */
export async function modelFromSpec(
  spec: ExperimentSpec,
  file: string,
  options: { imageDimOrdering: ImageDimOrdering; inputShape?: number[]; training?: boolean },
): Promise<tf.LayersModel> {
  if (typeof spec.model === 'string') return savedModel(resolve(dirname(file), spec.model));
  const { imageDimOrdering } = options;
  const inputShape = options.inputShape ?? datasetInputShape(spec.dataset, imageDimOrdering);
  return buildModel(spec.model, { imageDimOrdering, inputShape, file, seed: spec.fit.seed, training: options.training });
}

/** The model a spec's `model` path names: a tfjs model.json, or a Keras file (fine-tuning a Keras model). */
async function savedModel(path: string): Promise<tf.LayersModel> {
  // Messages name the file as the user would reach it from here, or in full when that climbs out.
  const near = relative(process.cwd(), path);
  if (await isKerasModelFile(path)) return modelFromKerasFile(await readKerasFile(path, near === '' || near.startsWith('..') ? path : near));
  return loadModel(path);
}

/**
 * Checks a spec's layers (shapes, names, the memory budget) before any data is loaded or
 * weight allocated, when the input shape is known from the spec or the dataset's name.
 * Undefined when it cannot be known yet (a model.json, or `idx` data without an
 * input_shape): `modelFromSpec` checks those when it builds.
 */
export function planSpec(spec: ExperimentSpec, file: string, options: { imageDimOrdering: ImageDimOrdering; training?: boolean }): ModelPlan | undefined {
  if (typeof spec.model === 'string') return undefined;
  const inputShape = spec.model.layers[0].config.input_shape ?? datasetInputShape(spec.dataset, options.imageDimOrdering);
  if (inputShape === undefined) return undefined;
  return planModel(spec.model, { ...options, inputShape, file });
}
