import { UserError } from '../errors.js';
import { readJsonFile } from '../util/json.js';
import { formatJsonPath, zodIssuesToUserError } from '../util/zod-error.js';
import { CLASS_RENAMES, keras1ConfigKeys, rewritePath, translateKeras1, type PathRewrite } from './keras1.js';
import { LAYER_CLASSES } from './layers.js';
import { experimentSpecSchema, type ExperimentSpec } from './schema.js';
import { didYouMean } from '../util/suggest.js';
import { settingsFileSchema } from '../settings/schema.js';

const SETTINGS_KEYS = Object.keys(settingsFileSchema.shape);

export interface LoadedSpec {
  spec: ExperimentSpec;
  /** The spec's path as the user gave it (used in messages and to resolve relative paths). */
  file: string;
}

/**
 * Reads, translates (Keras 1 → Keras 2, flat → `{class_name, config}`) and validates an
 * experiment spec. Every mistake is a UserError (exit 2) naming the file and JSON path.
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const raw = await readJsonFile(path, {
    what: 'spec',
    code: 'SPEC_NOT_FOUND',
    missing: () => new UserError('no such file.', { code: 'SPEC_NOT_FOUND', file: path, hint: 'Give the path of an experiment spec, e.g. configs/mnist_cnn.json.' }),
  });
  return { spec: parseSpec(raw, path), file: path };
}

/** Validates an already-parsed spec (e.g. from a test or a run directory's spec.json). */
export function parseSpec(raw: unknown, file = 'spec'): ExperimentSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const received = Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw} (${JSON.stringify(raw).slice(0, 40)})`;
    throw new UserError(`must be a JSON object (an experiment spec). Received: ${received}.`, { code: 'SPEC_INVALID', file });
  }
  const { spec, rewrites } = translateKeras1(raw, file);
  checkLayerClasses(spec, rewrites, file);
  const result = experimentSpecSchema.safeParse(spec, { reportInput: true });
  if (!result.success) {
    const error = zodIssuesToUserError(result.error.issues, {
      schema: experimentSpecSchema,
      data: spec,
      file,
      code: 'SPEC_INVALID',
      userPath: (path) => rewritePath(path, rewrites),
      otherKeys: (path) => layerConfigKeys(spec, path),
    });
    throw settingsFileHint(raw, error);
  }
  return result.data;
}

/** A settings file (`image_dim_ordering`, `backend`, ...) given as a spec: say what it is and where it goes. */
function settingsFileHint(raw: object, error: UserError): UserError {
  const settingsKeys = Object.keys(raw).filter((key) => SETTINGS_KEYS.includes(key));
  if (settingsKeys.length === 0) return error;
  return new UserError(error.message, {
    code: error.code,
    file: error.file,
    hint: `This looks like a settings file (${settingsKeys.join(', ')}), not an experiment spec: use it with --config <file> or as ~/.kerasts.json.`,
  });
}

/** At `model.layers[i].config`: the Keras 1 keys of that layer's class, which translation takes too. */
function layerConfigKeys(spec: unknown, path: ReadonlyArray<PropertyKey>): string[] {
  if (path.length !== 4 || path[0] !== 'model' || path[1] !== 'layers' || path[3] !== 'config') return [];
  const className = (spec as { model: { layers: { class_name?: unknown }[] } }).model.layers[Number(path[2])]?.class_name;
  return typeof className === 'string' ? keras1ConfigKeys(className) : [];
}

/**
 * Checks class names before zod so an unknown one gets a "Did you mean" instead of the
 * list of every class; Keras 1 names count as known (they were translated already).
 */
function checkLayerClasses(spec: unknown, rewrites: PathRewrite[], file: string): void {
  const layers = (spec as { model?: { layers?: unknown } } | null)?.model?.layers;
  if (!Array.isArray(layers)) return;
  const known: string[] = [...LAYER_CLASSES, ...Object.keys(CLASS_RENAMES)];
  layers.forEach((layer: unknown, index) => {
    const className = (layer as { class_name?: unknown } | null)?.class_name;
    if (typeof className !== 'string' || known.includes(className)) return;
    const where = formatJsonPath(rewritePath(['model', 'layers', index, 'class_name'], rewrites));
    const suggestion = didYouMean(className, known);
    throw new UserError(`${where}: Unknown layer class "${className}".${suggestion}`, {
      code: 'SPEC_UNKNOWN_LAYER',
      file,
      hint: suggestion ? undefined : `Known classes: ${LAYER_CLASSES.join(', ')}.`,
    });
  });
}
