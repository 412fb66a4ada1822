/**
 * `--weights w.h5` (a Keras `save_weights` file) belongs with a Keras model file: summary,
 * filters, predict and evaluate take it the same way, and refuse it the same way elsewhere.
 */
import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.js';
import { modelFromKerasFile, readKerasFile, type KerasFileModel } from '../keras/read/index.js';
import type { ModelInput } from '../run/input.js';

/** Refuses `--weights` with an input that is not a Keras model file, naming what it is. */
export function checkWeightsFlag(input: { kind: ModelInput['kind'] | 'run'; label: string }, weights: string | undefined): void {
  if (weights === undefined || input.kind === 'keras') return;
  const what = input.kind === 'spec' ? 'spec' : input.kind === 'model' ? 'tfjs model' : 'run directory';
  throw new UserError(`--weights goes with a Keras model file (JSON, .h5 or .keras). Received: ${input.label}, a ${what}.`, { code: 'OPTION_INVALID', file: weights });
}

/** A Keras file read; with `weights` (relative to `cwd`), that file's weights replace the model file's. */
export async function readKerasInput(path: string, label: string, weights?: string, cwd: string = process.cwd()): Promise<KerasFileModel> {
  return readKerasFile(path, label, weights === undefined ? undefined : { path: resolve(cwd, weights), label: weights });
}

/** The tfjs model of {@link readKerasInput}'s file. */
export async function kerasInputModel(path: string, label: string, weights?: string, cwd?: string): Promise<tf.LayersModel> {
  return modelFromKerasFile(await readKerasInput(path, label, weights, cwd));
}
