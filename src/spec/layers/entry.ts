import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { DataFormat } from './schema-parts.js';
import type { Shape, ShapeProblem } from './shape.js';

/** What the builder decided for a layer beyond its own config. */
export interface LayerContext {
  name: string;
  /** The layer's data format: its own `data_format`, else the image_dim_ordering setting. */
  dataFormat: DataFormat;
  /** Per-sample input shape; only for the first layer. */
  inputShape?: number[];
  /** The layer's input shape including the batch axis, as the shape rules planned it. */
  input: Shape;
  /** Seed for this layer's random initializers and dropout, when the run is seeded. */
  seed?: number;
}

/** What a shape rule knows besides the config: the layer's data format. */
export interface ShapeContext {
  dataFormat: DataFormat;
}

/**
 * Everything kerasts knows about one layer class, in one place. `spec/layers.ts` (schema),
 * `spec/keras1.ts` (legacy spellings), `spec/to-tfjs.ts` (tfjs layer), `model/plan.ts`
 * (automatic names) and `model/shape-checks.ts` (shapes, parameter counts) read it.
 *
 * Methods, not function-valued properties, so an entry for one config type is assignable
 * to `AnyLayerEntry` (method parameters are bivariant).
 */
export interface LayerEntry<S extends z.ZodObject = z.ZodObject> {
  /** Keras 2 class name, as written in `class_name`. */
  className: string;
  /** Strict schema of `config`; when `{}` passes it, the config may be left out. */
  schema: S;
  /** Prefix of automatic layer names, as Keras 2 numbers them: `conv2d` → `conv2d_1`. */
  namePrefix: string;
  keras1?: Keras1Spelling;
  /** Creates the tfjs-layers layer from a validated config. */
  toTfjs(config: z.infer<S>, context: LayerContext): tf.layers.Layer;
  /** Why the layer cannot take `input` (checked before tfjs builds it), or undefined. */
  check(config: z.infer<S>, input: Shape, context: ShapeContext): ShapeProblem | undefined;
  /** Output shape for an input `check` accepted; must agree with tfjs (tested per class). */
  outputShape(config: z.infer<S>, input: Shape, context: ShapeContext): Shape;
  /** Number of weights (trainable and not) for that input; must agree with tfjs's countParams. */
  params(config: z.infer<S>, input: Shape, context: ShapeContext): number;
  /**
   * True when `check` refuses exactly what Keras refuses (a window larger than its input, a
   * Reshape to another size), so a problem it finds in a Keras file is reported; elsewhere
   * the rule may be stricter than Keras and only stops the weight count.
   */
  refusesAsKeras?: true;
  /**
   * Registers kerasts's own tfjs class for this Keras class name with tfjs's deserializer
   * (replacing tfjs's), so a loaded or replicated model is built as a fresh one is.
   */
  register?(): void;
}

/** How Keras 1 spelled a class and its arguments; translated once, when a spec is loaded. */
export interface Keras1Spelling {
  /** Keras 1 class names of this class (`Convolution2D`). */
  classNames?: string[];
  /** Keras 1 argument → Keras 2 argument (`nb_filter` → `filters`). `dim_ordering` values are mapped too. */
  renames?: Readonly<Record<string, string>>;
  /** Keras 2 arguments that Keras 1 gave as two separate keys (`kernel_size` ← `nb_row`, `nb_col`). */
  pairs?: Readonly<Record<string, readonly [string, string]>>;
}

/** A registry entry of any class. */
export type AnyLayerEntry = LayerEntry<z.ZodObject>;

/** Identity that checks an entry and keeps its precise config type. */
export const defineLayer = <S extends z.ZodObject>(entry: LayerEntry<S>): LayerEntry<S> => entry;

/** Rules of a layer whose output has its input's shape and which has no weights. */
export const passThrough = {
  check: () => undefined,
  outputShape: (_config: unknown, input: Shape) => input,
  params: () => 0,
};
