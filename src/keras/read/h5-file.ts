/**
 * Keras 1 and 2 HDF5 files into a KerasFileModel: full models (`model.save`: a `model_config`
 * attribute and a `model_weights` group) and weights-only files (`save_weights`: `layer_names`
 * at the root), with their weights converted to Keras 2 layout as Keras 2's loader does.
 */
import { UserError } from '../../errors.js';
import { MAX_KERAS_FILE_BYTES } from '../../util/limits.js';
import { parseJsonFile } from '../../util/json.js';
import { readRegularFile } from '../../util/read-file.js';
import { configLayers } from './config-layers.js';
import { groupAt, stringAttribute, withH5, type H5Group } from './h5-open.js';
import { readWeightGroup, type WeightGroup } from './h5-weights.js';
import type { KerasFileModel, KerasWeight } from './keras-file.js';
import { isKeras3Weights, readKeras3Weights } from './keras-archive.js';
import { preprocessWeights } from './preprocess-weights.js';

const WHAT = 'Keras HDF5 file';

interface RawH5 {
  config: unknown;
  kerasVersion?: string;
  backend?: string;
  group: WeightGroup;
}

/** The `model_config` attribute as strict JSON, within kerasts's nesting and number limits. */
function parseConfig(text: string, file: string): unknown {
  return parseJsonFile(text, `${file}: model_config attribute`, 'KERAS_H5_INVALID');
}

/** Where the weights are: the root of a weights-only file, else `model_weights` (as Keras's load_weights looks). */
function weightGroup(root: H5Group, file: string): H5Group {
  if ('layer_names' in root.attrs || 'layer_names0' in root.attrs) return root;
  const group = groupAt(root, 'model_weights');
  if (group !== undefined) return group;
  throw new UserError('the Keras HDF5 file must hold a model (model_config and model_weights, from model.save) or weights (layer_names, from save_weights). Received: neither.', {
    code: 'KERAS_H5_INVALID',
    file,
  });
}

function readRaw(root: H5Group, file: string): RawH5 {
  const text = stringAttribute(root, 'model_config');
  const group = readWeightGroup(weightGroup(root, file), file);
  return {
    config: text === undefined ? undefined : parseConfig(text, file),
    kerasVersion: stringAttribute(root, 'keras_version') ?? (group.kerasVersion === '1' ? undefined : group.kerasVersion),
    backend: stringAttribute(root, 'backend') ?? group.backend,
    group,
  };
}

/**
 * The stored weights matched to the config's layers by name and converted; a weight layer
 * the config does not have is a mismatch the user must hear about.
 */
export function convertWeights(group: WeightGroup, config: unknown, file: string): KerasWeight[] {
  const layers = new Map(configLayers(config).map((layer) => [layer.name, layer]));
  return group.layers.flatMap(({ layer, weights }) => {
    const configLayer = layers.get(layer);
    if (configLayer === undefined) {
      const known = [...layers.keys()].join(', ') || 'none';
      throw new UserError(`the weights of layer '${layer}' must belong to a layer of the model. Received: no layer '${layer}' (the model's layers: ${known}).`, {
        code: 'KERAS_WEIGHTS_MISMATCH',
        file,
      });
    }
    return preprocessWeights(configLayer, weights, { kerasVersion: group.kerasVersion, backend: group.backend, file });
  });
}

async function readH5(path: string, label: string): Promise<RawH5> {
  const bytes = await readRegularFile(path, { what: WHAT, maxBytes: MAX_KERAS_FILE_BYTES, code: 'KERAS_H5_INVALID' });
  return withH5(bytes, label, WHAT, (root) => readRaw(root, label));
}

/**
 * A Keras HDF5 file: a full model with its config and converted weights, or a weights-only
 * file (config undefined, weights as stored: give them a config with `readKerasWeightsH5`).
 * `label` is the path as the user wrote it, for messages.
 */
export async function readKerasH5(path: string, label: string = path): Promise<KerasFileModel> {
  const raw = await readH5(path, label);
  const weights = raw.config === undefined ? raw.group.layers.flatMap((layer) => layer.weights) : convertWeights(raw.group, raw.config, label);
  return { file: label, config: raw.config, weights, kerasVersion: raw.kerasVersion, backend: raw.backend };
}

/**
 * The weights of a Keras HDF5 file (weights-only or full, Keras 1 to 3) for the model
 * `config` came from elsewhere (`--weights w.h5` beside a JSON): converted by its layers.
 */
export async function readKerasWeightsH5(path: string, config: unknown, label: string = path): Promise<KerasWeight[]> {
  const bytes = await readRegularFile(path, { what: WHAT, maxBytes: MAX_KERAS_FILE_BYTES, code: 'KERAS_H5_INVALID' });
  return withH5(bytes, label, WHAT, (root) => {
    // Keras 3's save_weights (`.weights.h5`) keeps no layer_names: its layers are found from the config.
    const keras3 = !('layer_names' in root.attrs) && groupAt(root, 'model_weights') === undefined && isKeras3Weights(root);
    return keras3 ? readKeras3Weights(root, config, label) : convertWeights(readRaw(root, label).group, config, label);
  });
}
