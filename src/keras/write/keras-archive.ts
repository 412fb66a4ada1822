/**
 * Keras 3 `.keras` archives (`model.save('m.keras')`), laid out as Keras 3's saving_lib
 * writes them, so `keras.saving.load_model` reads them:
 *
 *   metadata.json      {"keras_version", "date_saved"}
 *   config.json        the model's serialised config (keras3-config.ts)
 *   model.weights.h5   /vars (the model's own variables: none)
 *                      /layers/<path>/vars/<i>  one group per layer of `Sequential.layers`,
 *                      weightless ones too; <i> counts the layer's trainable then
 *                      non-trainable variables, float32, each in its own shape
 *
 * Entries are stored uncompressed, as Python's zipfile does by default.
 */
import type * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { buildH5, writeFloat32Dataset } from './h5-bytes.js';
import { KERAS3_VERSION, keras3LayerNames, keras3ModelConfig } from './keras3-config.js';
import { savedLayers, type SavedLayer } from './saved-layers.js';

/** The archive's entry names, as Keras 3's saving_lib spells them. */
export const KERAS_ARCHIVE_ENTRIES = { config: 'config.json', metadata: 'metadata.json', weights: 'model.weights.h5' } as const;

/** `datetime.now().strftime("%Y-%m-%d@%H:%M:%S")`, local time, as Keras stamps `date_saved`. */
export function kerasDateSaved(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}@${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `model.weights.h5`: Keras 3's H5IOStore layout for a Sequential model's layers. */
export async function kerasWeightsH5Bytes(layers: SavedLayer[]): Promise<Uint8Array> {
  const names = keras3LayerNames(layers.map((layer) => layer.className));
  return buildH5((file) => {
    file.create_group('vars');
    const layersGroup = file.create_group('layers');
    layers.forEach((layer, i) => {
      const group = layersGroup.create_group(names[i]!);
      group.create_group('vars');
      layer.weights.forEach((weight, j) => writeFloat32Dataset(group, `vars/${j}`, weight.shape, weight.values));
    });
  });
}

/** The bytes of a `.keras` archive holding `model` (architecture and weights; no optimizer state). */
export async function kerasArchiveBytes(model: tf.LayersModel, date: Date = new Date()): Promise<Uint8Array> {
  const config = keras3ModelConfig(model);
  const weights = await kerasWeightsH5Bytes(savedLayers(model));
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return zipSync(
    {
      [KERAS_ARCHIVE_ENTRIES.metadata]: text({ keras_version: KERAS3_VERSION, date_saved: kerasDateSaved(date) }),
      [KERAS_ARCHIVE_ENTRIES.config]: text(config),
      [KERAS_ARCHIVE_ENTRIES.weights]: weights,
    },
    { level: 0, mtime: date },
  );
}

/** Writes `model` as a Keras 3 archive at `path`, atomically. */
export async function writeKerasArchive(path: string, model: tf.LayersModel): Promise<void> {
  await writeFileAtomic(path, await kerasArchiveBytes(model));
}
