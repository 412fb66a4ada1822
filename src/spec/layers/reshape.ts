import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common } from './schema-parts.js';
import { formatShape, sampleSize } from './shape.js';

const TARGET = 'must be a list of positive integers (one may be -1)';
const schema = z.strictObject({
  ...common,
  target_shape: z
    .array(z.number({ message: TARGET }).int({ message: TARGET }).refine((n) => n > 0 || n === -1, { message: TARGET }), { message: TARGET })
    .min(1, { message: TARGET }),
});

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Keras `Reshape`. */
export const reshape = defineLayer({
  className: 'Reshape',
  schema,
  namePrefix: 'reshape',
  toTfjs: (c, { name, inputShape }) => tf.layers.reshape({ ...(inputShape ? { name, inputShape } : { name }), targetShape: c.target_shape }),
  check: (c, input) => {
    const target = c.target_shape;
    const inputSize = sampleSize(input);
    const unknowns = target.filter((dim) => dim === -1).length;
    const known = product(target.filter((dim) => dim !== -1));
    const ok = unknowns === 0 ? known === inputSize : unknowns === 1 && inputSize % known === 0;
    if (ok) return undefined;
    return { message: `target_shape ${formatShape(target)} must hold the ${inputSize} values of its input (at most one -1). Received: input shape ${formatShape(input)}.` };
  },
  outputShape: (c, input) => {
    const known = product(c.target_shape.filter((dim) => dim !== -1));
    return [null, ...c.target_shape.map((dim) => (dim === -1 ? sampleSize(input) / known : dim))];
  },
  params: () => 0,
});
