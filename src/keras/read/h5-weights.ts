/**
 * The weights of a Keras 1 or 2 HDF5 weight group (`model_weights` of a `model.save` file,
 * the root of a `save_weights` file), walked as Keras 2's `load_weights_from_hdf5_group`
 * walks it: `layer_names`, then each layer group's `weight_names`, each naming a dataset
 * relative to the layer group. Layers whose `weight_names` is empty have no weights.
 */
import { UserError } from '../../errors.js';
import { MAX_KERAS_WEIGHT_ELEMENTS } from '../../util/limits.js';
import { datasetAt, groupAt, nameListAttribute, stringAttribute, type H5Dataset, type H5Group } from './h5-open.js';
import type { KerasWeight } from './keras-file.js';

/** One layer group's weights, as stored (before any Keras 1 conversion). */
export interface StoredLayer {
  layer: string;
  weights: KerasWeight[];
}

/** The weight group's own record of its origin, which is what Keras's loader goes by. */
export interface WeightGroup {
  /** `keras_version` of the weight group; Keras takes a group without one for Keras 1. */
  kerasVersion: string;
  backend?: string;
  layers: StoredLayer[];
}

const H5T_FLOAT = 1;

function bad(file: string, location: string, message: string): UserError {
  return new UserError(message, { code: 'KERAS_H5_INVALID', file, location });
}

/** One float dataset as a weight, its elements counted against `budget` (MAX_KERAS_WEIGHT_ELEMENTS) before it is read. */
export function readDatasetWeight(dataset: H5Dataset, layer: string, name: string, file: string, budget: { elements: number }): KerasWeight {
  const location = `${dataset.path}`;
  const meta = dataset.metadata;
  if (meta.type !== H5T_FLOAT || (meta.size !== 4 && meta.size !== 8)) {
    throw bad(file, location, `the weight '${name}' of layer '${layer}' must be a float32 or float64 dataset. Received: HDF5 type class ${meta.type}, ${meta.size} bytes.`);
  }
  const shape = dataset.shape ?? [];
  const count = shape.reduce((a, b) => a * b, 1);
  budget.elements += count;
  if (budget.elements > MAX_KERAS_WEIGHT_ELEMENTS) {
    throw bad(file, location, `the weights must have at most ${MAX_KERAS_WEIGHT_ELEMENTS} elements in all. Received: more, by the dataset shapes (this one is [${shape.join(', ')}]).`);
  }
  const value = dataset.value;
  if (!(value instanceof Float32Array || value instanceof Float64Array) || value.length !== count) {
    throw bad(file, location, `the weight '${name}' of layer '${layer}' must hold ${count} numbers (shape [${shape.join(', ')}]). Received: unreadable data.`);
  }
  return { layer, name, shape, values: value instanceof Float32Array ? value : Float32Array.from(value) };
}

function readLayer(group: H5Group, layer: string, file: string, budget: { elements: number }): StoredLayer {
  const layerGroup = groupAt(group, layer);
  if (layerGroup === undefined) {
    throw bad(file, `${group.path === '/' ? '' : group.path}/${layer}`, `the weight group must have a group '${layer}' for each name in its layer_names. Received: none for '${layer}'.`);
  }
  const names = nameListAttribute(layerGroup, 'weight_names');
  if (names === undefined || names === 'bad') {
    throw bad(file, layerGroup.path, `the layer group '${layer}' must have a weight_names attribute listing its weights. Received: ${names === 'bad' ? 'one that is not a list of names' : 'none'}.`);
  }
  const weights = names.map((name) => {
    const dataset = datasetAt(layerGroup, name);
    if (dataset === undefined) {
      throw bad(file, `${layerGroup.path}/${name}`, `the weight dataset '${name}' that layer '${layer}' lists in weight_names must exist. Received: no such dataset.`);
    }
    return readDatasetWeight(dataset, layer, name, file, budget);
  });
  return { layer, weights };
}

/** Reads the weight group: every listed layer with weights, in `layer_names` order. */
export function readWeightGroup(group: H5Group, file: string): WeightGroup {
  const layerNames = nameListAttribute(group, 'layer_names');
  if (layerNames === undefined || layerNames === 'bad') {
    throw bad(file, group.path, `the weight group must have a layer_names attribute (Keras's save_weights / model.save layout). Received: ${layerNames === 'bad' ? 'one that is not a list of names' : 'none'}.`);
  }
  const budget = { elements: 0 };
  const layers = layerNames.map((layer) => readLayer(group, layer, file, budget)).filter((layer) => layer.weights.length > 0);
  return { kerasVersion: stringAttribute(group, 'keras_version') ?? '1', backend: stringAttribute(group, 'backend'), layers };
}
