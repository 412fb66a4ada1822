/**
 * Keras 3 `.keras` archives into a KerasFileModel: a zip of `config.json` (the model's
 * config), `metadata.json` (`keras_version`) and `model.weights.h5`. Keras 3's saving_lib
 * stores each layer's variables under `layers/<key>/vars/<i>`, where the key is not the
 * layer's name but its class in snake case, numbered within the model (`conv2d`, `conv2d_1`,
 * `dense`), in the order of the model's `layers` (a Sequential's leaves out its InputLayer).
 * Keras 3 kernels are already in Keras 2 layout; nothing is converted.
 */
import { UserError } from '../../errors.js';
import { parseJsonFile } from '../../util/json.js';
import { MAX_KERAS_FILE_BYTES } from '../../util/limits.js';
import { readRegularFile } from '../../util/read-file.js';
import { configLayers, isSequential, type ConfigLayer } from './config-layers.js';
import { datasetAt, groupAt, withH5, type H5Group } from './h5-open.js';
import { readDatasetWeight } from './h5-weights.js';
import type { KerasFileModel, KerasWeight } from './keras-file.js';
import { readZipEntries } from './zip-entries.js';

const WHAT = 'Keras .keras archive';
const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';

/** Keras 3's `naming.to_snake_case` of a class name: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Each layer with the key saving_lib stores its variables under, in the model's `layers` order. */
export function layerKeys(config: unknown): { layer: ConfigLayer; key: string }[] {
  let layers = configLayers(config);
  if (isSequential(config) && layers[0]?.className === 'InputLayer') layers = layers.slice(1);
  const used = new Map<string, number>();
  return layers.map((layer) => {
    const base = snakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    return { layer, key: count === undefined ? base : `${base}_${count + 1}` };
  });
}

function bad(file: string, message: string, location?: string): UserError {
  return new UserError(message, { code: 'KERAS_ARCHIVE_INVALID', file, location });
}

/** `vars/0`, `vars/1`, ... of one layer, in number order; a gap is a missing weight. */
function layerVars(root: H5Group, container: string, key: string, layer: string, file: string, budget: { elements: number }, entry: string): KerasWeight[] {
  const vars = groupAt(root, `${container}/${key}/vars`);
  if (vars === undefined) return [];
  // Numbered from 0: the highest number tells how many there should be.
  const count = Math.max(-1, ...vars.keys().map((name) => (/^\d+$/.test(name) ? Number(name) : -1))) + 1;
  const weights: KerasWeight[] = [];
  for (let i = 0; i < count; i++) {
    const path = `${container}/${key}/vars/${i}`;
    const dataset = datasetAt(vars, String(i));
    if (dataset === undefined) {
      throw bad(file, `the weights of layer '${layer}' must be datasets ${container}/${key}/vars/0 to ${count - 1}. Received: no dataset ${i}.`, `${entry}${path}`);
    }
    weights.push(readDatasetWeight(dataset, layer, path, file, budget));
  }
  return weights;
}

/** Whether an HDF5 file is laid out as Keras 3 saves weights (`layers/<key>/vars`), not as Keras 1/2 (`layer_names`). */
export function isKeras3Weights(root: H5Group): boolean {
  return groupAt(root, 'layers') !== undefined || groupAt(root, '_layer_checkpoint_dependencies') !== undefined;
}

/**
 * The weights of a Keras 3 weights file (`model.weights.h5` in an archive, or a
 * `save_weights` `.weights.h5`) for `config`, by layer name; `entry` prefixes locations.
 */
export function readKeras3Weights(root: H5Group, config: unknown, file: string, entry = ''): KerasWeight[] {
  // Keras 2.13's archives named the container `_layer_checkpoint_dependencies`; Keras 3 reads both.
  const container = groupAt(root, 'layers') !== undefined ? 'layers' : groupAt(root, '_layer_checkpoint_dependencies') !== undefined ? '_layer_checkpoint_dependencies' : undefined;
  const keys = layerKeys(config);
  if (container === undefined) {
    if (keys.length === 0) return [];
    throw bad(file, `the Keras 3 weights (${WEIGHTS}) must be held under layers/<layer>/vars. Received: no layers group.`, entry === '' ? undefined : entry.replace(/: $/, ''));
  }
  const budget = { elements: 0 };
  return keys.flatMap(({ layer, key }) => layerVars(root, container, key, layer.name, file, budget, entry));
}

function kerasVersionOf(metadata: Uint8Array | undefined, file: string): string | undefined {
  if (metadata === undefined) return undefined;
  const value = parseJsonFile(Buffer.from(metadata).toString('utf8'), `${file}: ${METADATA}`, 'KERAS_ARCHIVE_INVALID');
  const version = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).keras_version : undefined;
  return typeof version === 'string' ? version : undefined;
}

/** A Keras 3 `.keras` archive: its config, its weights by layer name, and the Keras version that saved it; `label` names it in messages. */
export async function readKerasArchive(path: string, label: string = path): Promise<KerasFileModel> {
  const bytes = await readRegularFile(path, { what: WHAT, maxBytes: MAX_KERAS_FILE_BYTES, code: 'KERAS_ARCHIVE_INVALID' });
  return archiveModel(bytes, label);
}

async function archiveModel(bytes: Uint8Array, path: string): Promise<KerasFileModel> {
  const { names, entries } = readZipEntries(bytes, path, WHAT, [CONFIG, METADATA, WEIGHTS]);
  const missing = [CONFIG, WEIGHTS].filter((name) => entries[name] === undefined);
  if (missing.length > 0) {
    const listed = names.length === 0 ? 'no entries' : `entries ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}`;
    throw bad(path, `the ${WHAT} must be a zip of ${CONFIG}, ${METADATA} and ${WEIGHTS} (Keras 3's model.save). Received: a zip without ${missing.join(' or ')} (${listed}).`);
  }
  const config = parseJsonFile(Buffer.from(entries[CONFIG]!).toString('utf8'), `${path}: ${CONFIG}`, 'KERAS_ARCHIVE_INVALID');
  const kerasVersion = kerasVersionOf(entries[METADATA], path);
  return withH5(entries[WEIGHTS]!, path, `${WEIGHTS} in the ${WHAT}`, (root) => ({ file: path, config, weights: readKeras3Weights(root, config, path, `${WEIGHTS}: `), kerasVersion }));
}
