import { z } from 'zod';

/**
 * Layer schemas, in Keras 2 names and snake_case arguments.
 *
 * Primary form — the one Keras writes in a model's JSON:
 *   `{ "class_name": "Conv2D", "config": { "filters": 32, "kernel_size": 3 } }`
 * Also accepted, and turned into the primary form when the spec is loaded
 * (see `keras1.ts`): the flat form `{ "type": "Conv2D", "filters": 32, ... }` and the
 * Keras 1 spellings (`Convolution2D`, `nb_filter`, `border_mode`, ...).
 */

const POSITIVE_INT = 'must be a positive integer';
export const positiveInt = () =>
  z.number({ message: POSITIVE_INT }).int({ message: POSITIVE_INT }).positive({ message: POSITIVE_INT });
const nonNegativeInt = (message = 'must be a non-negative integer') =>
  z.number({ message }).int({ message }).nonnegative({ message });

/** An int or a pair of ints, as Keras's `conv_utils.normalize_tuple` accepts. */
const intOrPair = (message = 'must be a positive integer or a list of two') =>
  z.union([positiveInt(), z.tuple([positiveInt(), positiveInt()])], { message });

export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid',
  'softmax', 'softplus', 'softsign', 'tanh', 'swish', 'mish', 'gelu',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];
const activation = z.enum(ACTIVATIONS, { message: `must be one of ${ACTIVATIONS.join(', ')}` });

export const INITIALIZERS = [
  'zeros', 'ones', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal',
  'lecun_uniform', 'lecun_normal', 'random_normal', 'random_uniform', 'truncated_normal', 'orthogonal',
] as const;
export type Initializer = (typeof INITIALIZERS)[number];
const initializer = z.enum(INITIALIZERS, { message: `must be one of ${INITIALIZERS.join(', ')}` });

export const PADDINGS = ['valid', 'same'] as const;
const padding = z.enum(PADDINGS, { message: 'must be "valid" or "same"' });

export const DATA_FORMATS = ['channels_last', 'channels_first'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
/** Omitted means "follow the image_dim_ordering setting"; given, it overrides it for this layer. */
const dataFormat = z.enum(DATA_FORMATS, { message: 'must be "channels_last" or "channels_first"' }).optional();

/** Arguments every layer takes: a name, and on the first layer the per-sample input shape. */
const common = {
  name: z.string({ message: 'must be a non-empty string' }).min(1, { message: 'must be a non-empty string' }).optional(),
  input_shape: z.array(positiveInt(), { message: 'must be a list of positive integers' }).min(1).optional(),
};

const conv2d = z.strictObject({
  ...common,
  filters: positiveInt(),
  kernel_size: intOrPair(),
  strides: intOrPair().default(1),
  padding: padding.default('valid'),
  activation: activation.default('linear'),
  use_bias: z.boolean({ message: 'must be true or false' }).default(true),
  kernel_initializer: initializer.default('glorot_uniform'),
  bias_initializer: initializer.default('zeros'),
  data_format: dataFormat,
});

const pooling2d = z.strictObject({
  ...common,
  pool_size: intOrPair().default([2, 2]),
  // Omitted strides default to pool_size, as in Keras.
  strides: intOrPair().optional(),
  padding: padding.default('valid'),
  data_format: dataFormat,
});

const dense = z.strictObject({
  ...common,
  units: positiveInt(),
  activation: activation.default('linear'),
  use_bias: z.boolean({ message: 'must be true or false' }).default(true),
  kernel_initializer: initializer.default('glorot_uniform'),
  bias_initializer: initializer.default('zeros'),
});

const RATE = 'must be a number in [0, 1)';
const dropout = z.strictObject({
  ...common,
  rate: z.number({ message: RATE }).min(0, { message: RATE }).lt(1, { message: RATE }),
  seed: nonNegativeInt().optional(),
});

const flatten = z.strictObject({ ...common, data_format: dataFormat });

const activationLayer = z.strictObject({ ...common, activation });

const batchNormalization = z.strictObject({
  ...common,
  // Omitted: the channel axis of the layer's data format (-1 for tf, 1 for th).
  axis: z.number({ message: 'must be an integer' }).int({ message: 'must be an integer' }).optional(),
  momentum: z.number({ message: 'must be a number in (0, 1)' }).gt(0).lt(1).default(0.99),
  epsilon: z.number({ message: 'must be a positive number' }).positive({ message: 'must be a positive number' }).default(1e-3),
  center: z.boolean().default(true),
  scale: z.boolean().default(true),
});

const PADDING_2D = 'must be an integer, a list of two, or a list of two lists of two';
const zeroPadding2d = z.strictObject({
  ...common,
  padding: z
    .union(
      [
        nonNegativeInt(PADDING_2D),
        z.tuple([nonNegativeInt(PADDING_2D), nonNegativeInt(PADDING_2D)]),
        z.tuple([
          z.tuple([nonNegativeInt(PADDING_2D), nonNegativeInt(PADDING_2D)]),
          z.tuple([nonNegativeInt(PADDING_2D), nonNegativeInt(PADDING_2D)]),
        ]),
      ],
      { message: PADDING_2D },
    )
    .default(1),
  data_format: dataFormat,
});

const globalAveragePooling2d = z.strictObject({ ...common, data_format: dataFormat });

const TARGET = 'must be a list of positive integers (one may be -1)';
const reshape = z.strictObject({
  ...common,
  target_shape: z
    .array(z.number({ message: TARGET }).int({ message: TARGET }).refine((n) => n > 0 || n === -1, { message: TARGET }), {
      message: TARGET,
    })
    .min(1, { message: TARGET }),
});

/** Config schema of each layer class, by Keras 2 class name. */
export const LAYER_CONFIG_SCHEMAS = {
  Conv2D: conv2d,
  MaxPooling2D: pooling2d,
  AveragePooling2D: pooling2d,
  Dropout: dropout,
  Flatten: flatten,
  Dense: dense,
  Activation: activationLayer,
  BatchNormalization: batchNormalization,
  ZeroPadding2D: zeroPadding2d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  Reshape: reshape,
} as const;

export type LayerClass = keyof typeof LAYER_CONFIG_SCHEMAS;
export const LAYER_CLASSES = Object.keys(LAYER_CONFIG_SCHEMAS) as [LayerClass, ...LayerClass[]];

/** Classes whose config may be left out entirely (all arguments have defaults). */
const OPTIONAL_CONFIG = new Set<LayerClass>(['MaxPooling2D', 'AveragePooling2D', 'Flatten', 'BatchNormalization', 'ZeroPadding2D', 'GlobalAveragePooling2D']);

function layerOf<C extends LayerClass>(className: C) {
  const config = LAYER_CONFIG_SCHEMAS[className];
  return z.strictObject({
    class_name: z.literal(className),
    // The union of config types defeats `.prefault` overload resolution; the type is unchanged by it.
    config: (OPTIONAL_CONFIG.has(className) ? (config as z.ZodObject).prefault({}) : config) as typeof config,
  });
}

/** One layer, discriminated by `class_name`. */
export const layerSchema = z.discriminatedUnion(
  'class_name',
  [
    layerOf('Conv2D'),
    layerOf('MaxPooling2D'),
    layerOf('AveragePooling2D'),
    layerOf('Dropout'),
    layerOf('Flatten'),
    layerOf('Dense'),
    layerOf('Activation'),
    layerOf('BatchNormalization'),
    layerOf('ZeroPadding2D'),
    layerOf('GlobalAveragePooling2D'),
    layerOf('Reshape'),
  ],
  { message: `class_name must be one of ${LAYER_CLASSES.join(', ')}` },
);

export type LayerSpec = z.infer<typeof layerSchema>;
export type LayerConfig<C extends LayerClass> = z.infer<(typeof LAYER_CONFIG_SCHEMAS)[C]>;
