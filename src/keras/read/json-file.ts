/**
 * Keras model JSON: Keras 1's and Keras 2's `model.to_json()` (`{"class_name", "config",
 * "keras_version", "backend"}`), and the tfjs converter's `{"model_config": ...}` wrapping of
 * the same. The layers are translated later, by the builder; this file only recognises the
 * shape and hands the config on as the file has it.
 */
import { UserError } from '../../errors.js';
import { parseJsonFile } from '../../util/json.js';
import { MAX_JSON_BYTES } from '../../util/limits.js';
import { readRegularFile } from '../../util/read-file.js';
import type { KerasFileModel } from './keras-file.js';
import { isRecord } from './keras-layer.js';

/** The model classes a Keras JSON names at its top level (Keras 3 says "Functional"). */
export const KERAS_MODEL_CLASSES = ['Sequential', 'Model', 'Functional'] as const;

/**
 * Whether parsed JSON is a Keras model (rather than a kerasts spec or a tfjs model.json): a
 * top-level `class_name` naming a model class, or the converter's `model_config` wrapping.
 */
export function isKerasJson(parsed: unknown): boolean {
  if (!isRecord(parsed) || 'modelTopology' in parsed) return false;
  if (isRecord(parsed.model_config)) return true;
  return typeof parsed.class_name === 'string' && 'config' in parsed;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The KerasFileModel of parsed Keras JSON; `file` names it in messages. */
export function kerasJsonModel(parsed: unknown, file: string): KerasFileModel {
  if (!isRecord(parsed) || !isKerasJson(parsed)) {
    throw new UserError('must be a Keras model JSON: an object with "class_name" and "config" (model.to_json()), or {"model_config": ...}.', {
      code: 'KERAS_MODEL_INVALID',
      file,
    });
  }
  // The converter puts keras_version and backend beside model_config; to_json() beside class_name.
  const config = isRecord(parsed.model_config) ? parsed.model_config : parsed;
  const kerasVersion = text(parsed.keras_version) ?? text(config.keras_version);
  const backend = text(parsed.backend) ?? text(config.backend);
  return { file, config, ...(kerasVersion === undefined ? {} : { kerasVersion }), ...(backend === undefined ? {} : { backend }) };
}

/** Reads a Keras model JSON file (at most MAX_JSON_BYTES); `label` is the path as the user wrote it. */
export async function readKerasJson(path: string, label: string = path): Promise<KerasFileModel> {
  const bytes = await readRegularFile(path, { what: 'Keras model file', code: 'KERAS_MODEL_INVALID', maxBytes: MAX_JSON_BYTES });
  return kerasJsonModel(parseJsonFile(bytes.toString('utf8'), label, 'KERAS_MODEL_INVALID'), label);
}
