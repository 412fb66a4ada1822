import { z } from 'zod';

/**
 * The zod pieces layer config schemas share, in Keras 2 names and snake_case arguments.
 * Messages are worded once here so every layer reports a bad value the same way.
 */

const POSITIVE_INT = 'must be a positive integer';
/** A positive integer (filters, units, sizes). */
export const positiveInt = () =>
  z.number({ message: POSITIVE_INT }).int({ message: POSITIVE_INT }).positive({ message: POSITIVE_INT });

/** A non-negative integer (seeds, padding amounts). */
export const nonNegativeInt = (message = 'must be a non-negative integer') =>
  z.number({ message }).int({ message }).nonnegative({ message });

/** An int or a pair of ints, as Keras's `conv_utils.normalize_tuple` accepts. */
export const intOrPair = (message = 'must be a positive integer or a list of two') =>
  // The tuple carries the message too, so a list of three says what is expected, not zod's "Too big".
  z.union([positiveInt(), z.tuple([positiveInt(), positiveInt()], { message })], { message });

const EDGES_2D = 'must be an integer, a list of two, or a list of two lists of two';
/**
 * Amounts added or removed at an image's edges, as ZeroPadding2D's `padding` and Cropping2D's
 * `cropping` take them: n, (rows, cols), or ((top, bottom), (left, right)).
 */
export const edges2d = () => {
  const amount = () => nonNegativeInt(EDGES_2D);
  const two = <T extends z.ZodType>(item: () => T) => z.tuple([item(), item()], { message: EDGES_2D });
  return z.union([amount(), two(amount), two(() => two(amount))], { message: EDGES_2D });
};
export type Edges2d = z.infer<ReturnType<typeof edges2d>>;

export const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid',
  'softmax', 'softplus', 'softsign', 'tanh', 'swish', 'mish', 'gelu',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const activation = z.enum(ACTIVATIONS, { message: `must be one of ${ACTIVATIONS.join(', ')}` });

export const INITIALIZERS = [
  'zeros', 'ones', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal',
  'lecun_uniform', 'lecun_normal', 'random_normal', 'random_uniform', 'truncated_normal', 'orthogonal',
] as const;
export type Initializer = (typeof INITIALIZERS)[number];
export const initializer = z.enum(INITIALIZERS, { message: `must be one of ${INITIALIZERS.join(', ')}` });

export const PADDINGS = ['valid', 'same'] as const;
export const padding = z.enum(PADDINGS, { message: 'must be "valid" or "same"' });

export const DATA_FORMATS = ['channels_last', 'channels_first'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
/** Omitted means "follow the image_dim_ordering setting"; given, it overrides it for this layer. */
export const dataFormat = z.enum(DATA_FORMATS, { message: 'must be "channels_last" or "channels_first"' }).optional();

export const boolean = () => z.boolean({ message: 'must be true or false' });

/** Arguments every layer takes: a name, and on the first layer the per-sample input shape. */
export const common = {
  name: z.string({ message: 'must be a non-empty string' }).min(1, { message: 'must be a non-empty string' }).optional(),
  input_shape: z.array(positiveInt(), { message: 'must be a list of positive integers' }).min(1).optional(),
};
