/**
 * What `kerasts filters [input]` and `kerasts summary [input]` read: a run directory, a model.json, or an experiment
 * spec; with no input, the latest run under `runs/`.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { isKerasJson, kerasBinaryKind, kerasBinaryName, readHead } from '../keras/read/index.js';
import { latestFinishedRun } from './find.js';
import { INITIAL_MODEL_PATH, RUN_FILES, RUNS_DIR } from './layout.js';
import { MAX_JSON_BYTES } from '../util/limits.js';
import { pathStatus, readRegularFile } from '../util/read-file.js';

export type ModelInput =
  | { kind: 'model'; /** As the user named it (or the run found). */ label: string; modelPath: string }
  | { kind: 'spec'; label: string; specPath: string }
  /** A Keras model file (JSON, HDF5 or .keras), read by keras/read's readKerasFile. */
  | { kind: 'keras'; label: string; path: string };

const INPUT_KINDS = 'a run directory, a model.json, a Keras model file or a spec file';

async function statOrUndefined(path: string) {
  return fs.stat(path).catch(() => undefined);
}

/**
 * Decides what `input` is. A JSON file with a `modelTopology` is a model file; a Keras JSON
 * (`class_name`, or `model_config`) or a file with the HDF5 or zip signature is a Keras file; any other file
 * is taken as a spec (its own loader reports what is wrong with it).
 */
export async function resolveModelInput(input: string | undefined, cwd: string = process.cwd()): Promise<ModelInput> {
  if (input === undefined) {
    const runsDir = resolve(cwd, RUNS_DIR);
    const run = await latestFinishedRun(runsDir);
    if (run === undefined) {
      throw new UserError(`With no input, ${RUNS_DIR}/ must hold a run directory with a ${RUN_FILES.model}. Received: none under ${runsDir}.`, {
        code: 'NO_RUN',
        hint: `Run kerasts train first, or pass ${INPUT_KINDS}.`,
      });
    }
    return { kind: 'model', label: join(RUNS_DIR, basename(run)), modelPath: join(run, RUN_FILES.model) };
  }
  const path = resolve(cwd, input);
  const { stat, what, missing } = await pathStatus(path);
  if (stat === undefined) {
    throw new UserError(`must be ${INPUT_KINDS}. Received: ${missing ? 'a path that does not exist' : what}.`, { code: 'INPUT_NOT_FOUND', file: input });
  }
  if (stat.isDirectory()) {
    const modelPath = join(path, RUN_FILES.model);
    if (!(await statOrUndefined(modelPath))?.isFile()) {
      throw new UserError(`a run directory must contain ${RUN_FILES.model}. Received: a folder without it.`, {
        code: 'MODEL_NOT_FOUND',
        file: input,
        hint: 'If it is a training run, was it completed?',
      });
    }
    return { kind: 'model', label: input, modelPath };
  }
  // Told by its signature before reading it as JSON: a Keras .h5 is often larger than MAX_JSON_BYTES.
  // A `.h5` / `.keras` name goes to the Keras reader too, which says when its bytes are not that format.
  if (stat.isFile() && (kerasBinaryKind(await readHead(path)) !== undefined || kerasBinaryName(path) !== undefined)) return { kind: 'keras', label: input, path };
  // Only a regular file of at most MAX_JSON_BYTES: `/dev/urandom` would be read until memory ran out.
  const text = (await readRegularFile(path, { what: 'spec or model file', code: 'INPUT_INVALID', maxBytes: MAX_JSON_BYTES })).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'spec', label: input, specPath: path };
  }
  if (isKerasJson(parsed)) return { kind: 'keras', label: input, path };
  const isModel = typeof parsed === 'object' && parsed !== null && 'modelTopology' in parsed;
  return isModel ? { kind: 'model', label: input, modelPath: path } : { kind: 'spec', label: input, specPath: path };
}

/**
 * The model as initialised that `--compare` draws beside a trained model:
 * `<dir of model.json>/model-initial/model.json` (INITIAL_MODEL_PATH), which `kerasts train` saves before training.
 */
export async function initialModelPath(input: ModelInput): Promise<string> {
  if (input.kind !== 'model') {
    throw new UserError(`needs a trained model (a run directory or its model.json). Received: ${input.label}, a ${input.kind === 'spec' ? 'spec' : 'Keras model file'}.`, {
      location: '--compare',
    });
  }
  const path = join(dirname(input.modelPath), INITIAL_MODEL_PATH);
  if (!(await statOrUndefined(path))?.isFile()) {
    throw new UserError(`needs the initial weights at ${INITIAL_MODEL_PATH} beside the model. Received: ${input.label} without them.`, {
      code: 'NO_INITIAL_MODEL',
      location: '--compare',
    });
  }
  return path;
}
