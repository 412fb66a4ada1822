import type { z } from 'zod';
import { activation } from './activation.js';
import { averagePooling2d } from './average-pooling2d.js';
import { batchNormalization } from './batch-normalization.js';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { cropping2d } from './cropping2d.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import type { AnyLayerEntry } from './entry.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { maxPooling2d } from './max-pooling2d.js';
import { reshape } from './reshape.js';
import { separableConv2d } from './separable-conv2d.js';
import { upSampling2d } from './up-sampling2d.js';
import { zeroPadding2d } from './zero-padding2d.js';

/**
 * Every layer class kerasts knows, by Keras 2 class name, in the order error messages list
 * them. A new class is one file beside this one plus one line here; the spec schema, the
 * Keras 1 translation, the tfjs builder, the shape checks and automatic names follow.
 */
export const LAYER_REGISTRY = {
  Conv2D: conv2d,
  MaxPooling2D: maxPooling2d,
  AveragePooling2D: averagePooling2d,
  Dropout: dropout,
  Flatten: flatten,
  Dense: dense,
  Activation: activation,
  BatchNormalization: batchNormalization,
  ZeroPadding2D: zeroPadding2d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  Reshape: reshape,
  UpSampling2D: upSampling2d,
  Conv2DTranspose: conv2dTranspose,
  Cropping2D: cropping2d,
  SeparableConv2D: separableConv2d,
  DepthwiseConv2D: depthwiseConv2d,
} as const;

type Registry = typeof LAYER_REGISTRY;
/** A Keras 2 layer class name kerasts supports. */
export type LayerClass = keyof Registry;
/** The validated config of class `C`. */
export type LayerConfig<C extends LayerClass> = z.infer<Registry[C]['schema']>;

export const LAYER_CLASSES = Object.keys(LAYER_REGISTRY) as [LayerClass, ...LayerClass[]];

/**
 * Gives tfjs's deserializer kerasts's own classes (seeded Dropout, the fixed SeparableConv2D);
 * call before loading, replicating or converting a model. Idempotent.
 */
export function registerLayerClasses(): void {
  for (const className of LAYER_CLASSES) LAYER_REGISTRY[className].register?.();
}

/** Keras 1 class names → their Keras 2 class (`Convolution2D` → `Conv2D`). */
export const KERAS1_CLASS_NAMES: Readonly<Record<string, LayerClass>> = Object.fromEntries(
  LAYER_CLASSES.flatMap((className) => (LAYER_REGISTRY[className].keras1?.classNames ?? []).map((old) => [old, className])),
);

/** Whether `name` is a Keras 2 class name in the registry (own keys only: not "constructor"). */
export const isLayerClass = (name: string): name is LayerClass => Object.hasOwn(LAYER_REGISTRY, name);

/** The Keras 2 class name for a Keras 1 or 2 spelling, or undefined when kerasts has no such class. */
export function keras2ClassName(name: string): LayerClass | undefined {
  if (isLayerClass(name)) return name;
  return Object.hasOwn(KERAS1_CLASS_NAMES, name) ? KERAS1_CLASS_NAMES[name] : undefined;
}

/** The entry of a class given in Keras 1 or 2 spelling, or undefined. */
export function layerEntry(name: string): AnyLayerEntry | undefined {
  const className = keras2ClassName(name);
  return className === undefined ? undefined : LAYER_REGISTRY[className];
}

/** The Keras 2 config keys a class accepts (its strict schema's keys, `name` and `input_shape` included). */
export const acceptedConfigKeys = (entry: AnyLayerEntry): ReadonlySet<string> => new Set(Object.keys(entry.schema.shape));

/** Keras 1 argument → Keras 2 argument for a class (empty when Keras 1 spelled it the same). */
export const keras1Renames = (entry: AnyLayerEntry): Readonly<Record<string, string>> => entry.keras1?.renames ?? {};
