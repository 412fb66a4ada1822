import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLayer, passThrough } from './entry.js';
import { common, nonNegativeInt } from './schema-parts.js';

const RATE = 'must be a number in [0, 1)';
const schema = z.strictObject({
  ...common,
  rate: z.number({ message: RATE }).min(0, { message: RATE }).lt(1, { message: RATE }),
  seed: nonNegativeInt().optional(),
});

/** Keras `Dropout` (Keras 1 called the rate `p`). */
export const dropout = defineLayer({
  className: 'Dropout',
  schema,
  namePrefix: 'dropout',
  keras1: { renames: { p: 'rate' } },
  toTfjs: (c, { name, inputShape, seed }) => tf.layers.dropout({ ...(inputShape ? { name, inputShape } : { name }), rate: c.rate, seed: c.seed ?? seed }),
  ...passThrough,
});
