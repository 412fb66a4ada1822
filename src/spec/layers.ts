import { z } from 'zod';
import { LAYER_CLASSES, LAYER_REGISTRY, type LayerClass, type LayerConfig } from './layers/registry.js';

/**
 * The schema of one layer, derived from the registry (`layers/registry.ts`), in Keras 2
 * names and snake_case arguments.
 *
 * Primary form — the one Keras writes in a model's JSON:
 *   `{ "class_name": "Conv2D", "config": { "filters": 32, "kernel_size": 3 } }`
 * Also accepted, and turned into the primary form when the spec is loaded
 * (see `keras1.ts`): the flat form `{ "type": "Conv2D", "filters": 32, ... }` and the
 * Keras 1 spellings (`Convolution2D`, `nb_filter`, `border_mode`, ...).
 */

export { ACTIVATIONS, DATA_FORMATS, INITIALIZERS, PADDINGS, positiveInt } from './layers/schema-parts.js';
export type { Activation, DataFormat, Initializer } from './layers/schema-parts.js';
export { LAYER_CLASSES, type LayerClass, type LayerConfig } from './layers/registry.js';

type Registry = typeof LAYER_REGISTRY;

/** Config schema of each layer class, by Keras 2 class name (each class's registry entry's). */
export const LAYER_CONFIG_SCHEMAS = Object.fromEntries(LAYER_CLASSES.map((className) => [className, LAYER_REGISTRY[className].schema])) as {
  readonly [C in LayerClass]: Registry[C]['schema'];
};

/** One validated layer of class `C`. */
type LayerOf<C extends LayerClass> = { class_name: C; config: LayerConfig<C> };
/** One validated layer, discriminated by `class_name`. */
export type LayerSpec = { [C in LayerClass]: LayerOf<C> }[LayerClass];

function layerOf(className: LayerClass) {
  const config: z.ZodObject = LAYER_REGISTRY[className].schema;
  // A class whose every argument has a default may leave its config out entirely.
  const optional = config.safeParse({}).success;
  return z.strictObject({ class_name: z.literal(className), config: optional ? config.prefault({}) : config });
}

const [first, ...rest] = LAYER_CLASSES.map(layerOf);

/**
 * One layer, discriminated by `class_name`. The union is built from a list, so its static
 * type is widened to `LayerSpec` by hand; the runtime schema is the same either way.
 */
export const layerSchema = z.discriminatedUnion('class_name', [first, ...rest], {
  message: `class_name must be one of ${LAYER_CLASSES.join(', ')}`,
}) as unknown as z.ZodType<LayerSpec>;
