import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer, passThrough } from './entry.js';
import { activation as activationName, common } from './schema-parts.js';
import { toTfActivation } from './tf-args.js';

const schema = z.strictObject({ ...common, activation: activationName });

/** Keras `Activation`. */
export const activation = defineLayer({
  className: 'Activation',
  schema,
  namePrefix: 'activation',
  toTfjs: (c, { name, inputShape }) => tf.layers.activation({ ...(inputShape ? { name, inputShape } : { name }), activation: toTfActivation(c.activation) }),
  ...passThrough,
});
