import type * as tf from '@tensorflow/tfjs';
import { compileModel } from '../model/compile.js';
import { loadModel } from '../model/load.js';
import { readFinishedRun } from '../run/run-directory.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { ExperimentSpec } from '../spec/schema.js';

/** A finished run, loaded back: its trained model (compiled as its spec says) and what it used. */
export interface LoadedRun {
  dir: string;
  model: tf.LayersModel;
  spec: ExperimentSpec;
  /** The ordering the model was built with, from the run's settings.json. */
  imageDimOrdering: ImageDimOrdering;
}

/** Loads `dir` as written by `kerasts train`; anything else is refused with exit code 2. */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const run = await readFinishedRun(dir);
  const model = await loadModel(run.modelPath);
  compileModel(model, run.spec.compile);
  return { dir, model, spec: run.spec, imageDimOrdering: run.settings.settings.image_dim_ordering };
}
