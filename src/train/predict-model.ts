/**
 * The model `kerasts predict` classifies with: a finished run's (with its class names and
 * ordering), a tfjs model.json's (or its folder's), or a Keras model file's; a model file
 * keeps the ordering it was saved with.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { CLASS_NAMES } from '../data/class-names.js';
import { UserError } from '../errors.js';
import { isKerasModelFile, modelFromKerasFile } from '../keras/read/index.js';
import { checkWeightsFlag, readKerasInput } from '../model/keras-input.js';
import { loadModel } from '../model/load.js';
import { resolveModelInput } from '../run/input.js';
import { RUN_FILES, runDirOfModel } from '../run/layout.js';
import { RunDirectory } from '../run/run-directory.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { pathStatus } from '../util/read-file.js';
import { loadRun } from './load-run.js';

const PREDICT_INPUTS = 'a run directory, a tfjs model.json (or its folder) or a Keras model file (JSON, .h5 or .keras)';

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

/** The run `input` names (its folder, or its model.json), when it is one: then its spec and settings give the class names and ordering. */
function runFolderOf(input: string, isDirectory: boolean): string | undefined {
  return runDirOfModel(isDirectory ? join(input, RUN_FILES.model) : input);
}

/**
 * What a path that is no run holds: a tfjs model.json (or a folder holding one), or a Keras
 * file named so (.h5, .keras) whose reader says what is wrong with it; anything else is refused.
 */
async function modelFileOf(input: string, isDirectory: boolean): Promise<{ tfjs: string } | { keras: string }> {
  if (isDirectory && !existsSync(join(input, RUN_FILES.model))) {
    throw new UserError(`must be ${PREDICT_INPUTS}. Received: a folder without ${RUN_FILES.model}.`, { code: 'INPUT_INVALID', file: input });
  }
  const resolved = await resolveModelInput(input);
  if (resolved.kind === 'model') return { tfjs: resolved.modelPath };
  if (resolved.kind === 'keras') return { keras: resolved.path };
  throw new UserError(`must be ${PREDICT_INPUTS}. Received: a file that is none of these (a spec is trained first: kerasts train <spec>).`, { code: 'INPUT_INVALID', file: input });
}

async function kerasPredictModel(input: string, weights: string | undefined): Promise<PredictModel> {
  const file = await readKerasInput(input, input, weights);
  const model = await modelFromKerasFile(file);
  return { dir: input, model, imageDimOrdering: modelOrdering(model), ...(file.weights === undefined ? { untrained: true } : {}) };
}

/**
 * Loads `input`: a Keras model file when its content says so (with `weights`' weights when
 * given), a run, or a tfjs model (no class names; the ordering of its layers).
 */
export async function loadPredictModel(input: string, weights?: string): Promise<PredictModel> {
  if (await isKerasModelFile(input)) return kerasPredictModel(input, weights);
  const { stat, what, missing } = await pathStatus(input);
  if (stat === undefined) throw new UserError(`must be ${PREDICT_INPUTS}. Received: ${missing ? 'nothing (no such file or folder)' : what}.`, { code: 'INPUT_NOT_FOUND', file: input });
  const runDir = runFolderOf(input, stat.isDirectory());
  if (runDir === undefined) {
    const file = await modelFileOf(input, stat.isDirectory());
    if ('keras' in file) return kerasPredictModel(input, weights);
    checkWeightsFlag({ kind: 'model', label: input }, weights);
    const model = await loadModel(file.tfjs);
    return { dir: input, model, imageDimOrdering: modelOrdering(model) };
  }
  checkWeightsFlag({ kind: 'run', label: input }, weights);
  const run = await loadRun(runDir);
  const classNames = (await new RunDirectory(runDir).readClassNames()) ?? CLASS_NAMES[run.spec.dataset.name];
  return { dir: input, model: run.model, imageDimOrdering: run.imageDimOrdering, ...(classNames === undefined ? {} : { classNames }) };
}
