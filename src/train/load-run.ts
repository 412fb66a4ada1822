import * as tf from '@tensorflow/tfjs';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { loadModelFile, MODEL_JSON } from '../io/file-io.js';
import { compileModel } from '../model/compile.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { parseSpec } from '../spec/load.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { parseJsonFile } from '../util/json.js';
import { RUN_FILES } from './run-dir.js';

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
  const needed = [MODEL_JSON, RUN_FILES.spec, RUN_FILES.settings];
  const missing = needed.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new UserError(`a run directory must hold ${needed.join(', ')} (written by kerasts train). Received: a directory without ${missing.join(', ')}.`, {
      code: 'NOT_A_RUN',
      file: dir,
    });
  }
  const specPath = join(dir, RUN_FILES.spec);
  const spec = parseSpec(parseJsonFile(await fs.readFile(specPath, 'utf8'), specPath), specPath);
  const settingsPath = join(dir, RUN_FILES.settings);
  const saved = parseJsonFile(await fs.readFile(settingsPath, 'utf8'), settingsPath) as { settings?: { image_dim_ordering?: ImageDimOrdering } };
  const model = await loadModelFile(join(dir, MODEL_JSON));
  compileModel(model, spec.compile);
  return { dir, model, spec, imageDimOrdering: saved.settings?.image_dim_ordering === 'th' ? 'th' : 'tf' };
}
