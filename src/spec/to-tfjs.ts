import type * as tf from '@tensorflow/tfjs';
import type { LossName } from './defaults.js';
import type { AnyLayerEntry, LayerContext } from './layers/entry.js';
import { LAYER_CLASSES, LAYER_REGISTRY, type LayerClass } from './layers/registry.js';
import type { LayerSpec } from './layers.js';

/**
 * Where the spec's Keras snake_case becomes tfjs-layers camelCase (as tfjs-layers' own
 * `serialization_utils` does for Keras JSON): each layer class's registry entry builds its
 * tfjs layer (`layers/<class>.ts`), and this file holds the rest (losses, dispatch).
 */

export type { LayerContext } from './layers/entry.js';

/** Creates the tfjs-layers layer for one validated layer spec. */
export function toTfjsLayer(layer: LayerSpec, context: LayerContext): tf.layers.Layer {
  const entry: AnyLayerEntry = LAYER_REGISTRY[layer.class_name];
  return entry.toTfjs(layer.config, context);
}

/** Keras loss names → tfjs loss identifiers. */
export const TFJS_LOSSES: Readonly<Record<LossName, string>> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
};

/** Keras layer class → the snake_case prefix Keras 2 uses for automatic layer names. */
export const KERAS_NAME_PREFIX: Readonly<Record<LayerClass, string>> = Object.fromEntries(
  LAYER_CLASSES.map((className) => [className, LAYER_REGISTRY[className].namePrefix]),
) as Record<LayerClass, string>;
