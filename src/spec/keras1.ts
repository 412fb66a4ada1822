import { UserError } from '../errors.js';
import { formatJsonPath } from '../util/zod-error.js';
import { KERAS1_CLASS_NAMES, layerEntry } from './layers/registry.js';

/**
 * Translates a raw spec (parsed JSON, not yet validated) into the one vocabulary the rest
 * of kerasts sees: Keras 2 layer names and arguments in the `{class_name, config}` form.
 * Done once, when the file is loaded, so no other module knows Keras 1 spellings.
 *
 * Each rename is recorded as a path rewrite so that a later validation error can name the
 * key the user actually wrote (`model.layers[0].nb_filter`, not `...config.filters`).
 */

/** Where a translated path came from: a path starting with `to` was written as `from`. */
export interface PathRewrite {
  to: PropertyKey[];
  from: PropertyKey[];
}

export interface Translation {
  spec: unknown;
  rewrites: PathRewrite[];
}

/** Keras 1 layer class names and their Keras 2 equivalents (from the layer registry). */
export const CLASS_RENAMES: Readonly<Record<string, string>> = KERAS1_CLASS_NAMES;

/** Keras 1 `dim_ordering` values; "default" means "use the setting", i.e. no data_format. */
const DIM_ORDERING_VALUES: Record<string, string | undefined> = { th: 'channels_first', tf: 'channels_last', default: undefined };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function conflict(path: PropertyKey[], oldKey: string, newKey: string, file?: string): UserError {
  return new UserError(`${formatJsonPath(path)} gives both "${oldKey}" (Keras 1) and "${newKey}" (Keras 2). Keep one.`, {
    code: 'SPEC_INVALID',
    file,
  });
}

/** Translates one layer; `at` is its path in the spec, `file` only names it in errors. */
export function translateLayer(layer: unknown, at: PropertyKey[], file?: string): { layer: unknown; rewrites: PathRewrite[] } {
  if (!isRecord(layer)) return { layer, rewrites: [] };
  const rewrites: PathRewrite[] = [];
  let className: unknown;
  let config: unknown;
  let configFrom: PropertyKey[];
  if (!('class_name' in layer) && 'type' in layer) {
    // Flat form: `{ "type": "Conv2D", "filters": 32 }`.
    const { type, ...rest } = layer;
    className = type;
    config = rest;
    configFrom = at;
    rewrites.push({ to: [...at, 'class_name'], from: [...at, 'type'] }, { to: [...at, 'config'], from: at });
  } else {
    className = layer.class_name;
    config = layer.config;
    configFrom = [...at, 'config'];
  }
  // hasOwn, not `in`: a class_name such as "constructor" must not match Object.prototype.
  if (typeof className === 'string' && Object.hasOwn(CLASS_RENAMES, className)) className = CLASS_RENAMES[className];
  if (isRecord(config) && typeof className === 'string') config = translateConfig(className, config, configFrom, rewrites, file);
  const out: Record<string, unknown> = { class_name: className };
  if (config !== undefined) out.config = config;
  // Keep any other top-level keys so validation reports them rather than dropping them silently.
  for (const [key, value] of Object.entries(layer)) if (!['class_name', 'type', 'config'].includes(key) && configFrom !== at) out[key] = value;
  return { layer: out, rewrites };
}

function translateConfig(
  className: string,
  config: Record<string, unknown>,
  configFrom: PropertyKey[],
  rewrites: PathRewrite[],
  file?: string,
): Record<string, unknown> {
  const to = (key: string) => [...rewriteTarget(configFrom, rewrites), key];
  const out: Record<string, unknown> = { ...config };
  const rename = (oldKey: string, newKey: string, value: unknown) => {
    if (newKey in out) throw conflict(configFrom, oldKey, newKey, file);
    delete out[oldKey];
    out[newKey] = value;
    rewrites.push({ to: to(newKey), from: [...configFrom, oldKey] });
  };
  const spelling = layerEntry(className)?.keras1;
  for (const [oldKey, newKey] of Object.entries(spelling?.renames ?? {})) {
    if (!(oldKey in config)) continue;
    let value = config[oldKey];
    if (oldKey === 'dim_ordering' && typeof value === 'string' && value in DIM_ORDERING_VALUES) {
      value = DIM_ORDERING_VALUES[value];
      if (value === undefined) {
        delete out[oldKey];
        continue;
      }
    }
    rename(oldKey, newKey, value);
  }
  for (const [newKey, [a, b]] of Object.entries(spelling?.pairs ?? {})) {
    if (!(a in config || b in config)) continue;
    if (!(a in config && b in config)) {
      throw new UserError(`${formatJsonPath(configFrom)} gives only one of "${a}" and "${b}". Keras 1 needs both; or use ${newKey}.`, { code: 'SPEC_INVALID', file });
    }
    if (newKey in out) throw conflict(configFrom, a, newKey, file);
    out[newKey] = [config[a], config[b]];
    delete out[a];
    delete out[b];
    rewrites.push({ to: to(newKey), from: [...configFrom, `${a}/${b}`] });
  }
  if ('input_dim' in config) {
    // Keras 1 `Dense(input_dim=n)` is `input_shape=(n,)`.
    if ('input_shape' in out) throw conflict(configFrom, 'input_dim', 'input_shape', file);
    delete out.input_dim;
    out.input_shape = typeof config.input_dim === 'number' ? [config.input_dim] : config.input_dim;
    rewrites.push({ to: to('input_shape'), from: [...configFrom, 'input_dim'] });
  }
  return out;
}

/**
 * The Keras 1 config keys a layer class accepts (`nb_filter`, `nb_row`, `border_mode`, ...),
 * so a misspelt one is answered with its Keras 1 spelling, not only the Keras 2 keys.
 */
export function keras1ConfigKeys(className: string): string[] {
  const spelling = layerEntry(className)?.keras1;
  return [...Object.keys(spelling?.renames ?? {}), ...Object.values(spelling?.pairs ?? {}).flat(), 'input_dim'];
}

/** The translated path of `from` (inverse of rewritePath), for building rewrites on rewrites. */
function rewriteTarget(from: PropertyKey[], rewrites: PathRewrite[]): PropertyKey[] {
  const hit = rewrites.find((r) => r.from.length === from.length && r.from.every((k, i) => k === from[i]));
  return hit ? hit.to : from;
}

/** Maps a path in the translated spec back to the path the user wrote (longest rewrite wins). */
export function rewritePath(path: ReadonlyArray<PropertyKey>, rewrites: PathRewrite[]): PropertyKey[] {
  let best: PathRewrite | undefined;
  for (const rewrite of rewrites) {
    if (rewrite.to.length > path.length || !rewrite.to.every((k, i) => k === path[i])) continue;
    if (!best || rewrite.to.length > best.to.length) best = rewrite;
  }
  return best ? [...best.from, ...path.slice(best.to.length)] : [...path];
}

/**
 * Translates a whole raw spec: every layer of `model.layers`, and Keras 1's
 * `fit.nb_epoch` (the classic example's spelling of `epochs`).
 */
export function translateKeras1(spec: unknown, file?: string): Translation {
  if (!isRecord(spec)) return { spec, rewrites: [] };
  const rewrites: PathRewrite[] = [];
  const out: Record<string, unknown> = { ...spec };
  if (isRecord(spec.model) && Array.isArray(spec.model.layers)) {
    const layers = spec.model.layers.map((layer, index) => {
      const translated = translateLayer(layer, ['model', 'layers', index], file);
      rewrites.push(...translated.rewrites);
      return translated.layer;
    });
    out.model = { ...spec.model, layers };
  }
  if (isRecord(spec.fit) && 'nb_epoch' in spec.fit) {
    const { nb_epoch, ...fit } = spec.fit;
    if ('epochs' in fit) throw conflict(['fit'], 'nb_epoch', 'epochs', file);
    out.fit = { ...fit, epochs: nb_epoch };
    rewrites.push({ to: ['fit', 'epochs'], from: ['fit', 'nb_epoch'] });
  }
  return { spec: out, rewrites };
}
