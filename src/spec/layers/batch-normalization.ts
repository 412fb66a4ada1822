import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common } from './schema-parts.js';
import { formatShape, type Shape } from './shape.js';
import type { DataFormat } from './schema-parts.js';

const schema = z.strictObject({
  ...common,
  // Omitted: the channel axis of the layer's data format (-1 for tf, 1 for th).
  axis: z.number({ message: 'must be an integer' }).int({ message: 'must be an integer' }).optional(),
  momentum: z.number({ message: 'must be a number in (0, 1)' }).gt(0).lt(1).default(0.99),
  epsilon: z.number({ message: 'must be a positive number' }).positive({ message: 'must be a positive number' }).default(1e-3),
  center: z.boolean().default(true),
  scale: z.boolean().default(true),
});

/** The normalised axis: the given one, else the channel axis of a 4-D input under th, else the last. */
const axisOf = (axis: number | undefined, format: DataFormat, rank: number): number => {
  const chosen = axis ?? (format === 'channels_first' && rank === 4 ? 1 : -1);
  return chosen < 0 ? rank + chosen : chosen;
};

/** Keras `BatchNormalization`: gamma and beta are trained, the moving mean and variance are not. */
export const batchNormalization = defineLayer({
  className: 'BatchNormalization',
  schema,
  namePrefix: 'batch_normalization',
  toTfjs: (c, { name, inputShape, dataFormat: format, input }) => {
    const channelAxis = format === 'channels_first' && input.length === 4 ? 1 : -1;
    return tf.layers.batchNormalization({ ...(inputShape ? { name, inputShape } : { name }), axis: c.axis ?? channelAxis, momentum: c.momentum, epsilon: c.epsilon, center: c.center, scale: c.scale });
  },
  check: (c, input: Shape) => {
    const axis = c.axis;
    if (axis === undefined || !(axis === 0 || axis >= input.length || axis < -(input.length - 1))) return undefined;
    return { message: `axis must name a non-batch axis of its ${input.length}-D input. Received: axis ${axis} for input shape ${formatShape(input)}.` };
  },
  outputShape: (_c, input) => input,
  params: (c, input, { dataFormat: format }) => ((c.center ? 1 : 0) + (c.scale ? 1 : 0) + 2) * (input[axisOf(c.axis, format, input.length)] ?? 0),
});
