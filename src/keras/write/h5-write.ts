/**
 * Keras 2 HDF5 model files (`model.save('m.h5')`), laid out as Keras 2.2's `save_model` and
 * `save_weights_to_hdf5_group` write them, so Keras 2's `load_model` reads them:
 *
 *   /                 attrs keras_version, backend, model_config, [training_config]
 *   /model_weights    attrs layer_names, backend, keras_version
 *     /<layer>        attr weight_names = ["<layer>/kernel:0", ...] (every layer, with or without weights)
 *       /<layer>/kernel:0   float32 dataset, the weight's own shape
 */
import type * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { buildH5, setStringAttribute, setStringListAttribute, writeFloat32Dataset, type H5Group } from './h5-bytes.js';
import { KERAS2_BACKEND, KERAS2_VERSION, keras2ModelConfig, type Keras2TrainingConfig } from './keras2-config.js';
import { savedLayers, type SavedLayer } from './saved-layers.js';

export interface KerasH5Options {
  /** Written as `training_config` when given (Keras then compiles the loaded model with it). */
  trainingConfig?: Keras2TrainingConfig;
}

/** The name Keras 2 (TensorFlow backend) gives a layer's variable: `conv2d_1/kernel:0`. */
export function keras2WeightName(layerName: string, weightName: string): string {
  return `${layerName}/${weightName}:0`;
}

/** Keras's `save_weights_to_hdf5_group`: names, versions and one group per layer. */
export function saveWeightsToGroup(group: H5Group, layers: SavedLayer[]): void {
  setStringListAttribute(group, 'layer_names', layers.map((layer) => layer.name));
  setStringAttribute(group, 'backend', KERAS2_BACKEND);
  setStringAttribute(group, 'keras_version', KERAS2_VERSION);
  for (const layer of layers) {
    const layerGroup = group.create_group(layer.name);
    const names = layer.weights.map((weight) => keras2WeightName(layer.name, weight.name));
    setStringListAttribute(layerGroup, 'weight_names', names);
    layer.weights.forEach((weight, i) => writeFloat32Dataset(layerGroup, names[i]!, weight.shape, weight.values));
  }
}

/** The bytes of a Keras 2 HDF5 file holding `model` (architecture, weights, training config). */
export async function kerasH5Bytes(model: tf.LayersModel, options: KerasH5Options = {}): Promise<Uint8Array> {
  const modelConfig = keras2ModelConfig(model);
  const layers = savedLayers(model);
  return buildH5((file) => {
    setStringAttribute(file, 'keras_version', KERAS2_VERSION);
    setStringAttribute(file, 'backend', KERAS2_BACKEND);
    setStringAttribute(file, 'model_config', JSON.stringify(modelConfig));
    if (options.trainingConfig !== undefined) setStringAttribute(file, 'training_config', JSON.stringify(options.trainingConfig));
    saveWeightsToGroup(file.create_group('model_weights'), layers);
  });
}

/** Writes `model` as a Keras 2 HDF5 file at `path`, atomically. */
export async function writeKerasH5(path: string, model: tf.LayersModel, options: KerasH5Options = {}): Promise<void> {
  await writeFileAtomic(path, await kerasH5Bytes(model, options));
}
