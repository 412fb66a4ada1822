import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common } from './schema-parts.js';
import { formatShape, sampleSize, type Shape } from './shape.js';

const TARGET = 'must be a list of positive integers (one may be -1)';
const schema = z.strictObject({
  ...common,
  target_shape: z
    .array(z.number({ message: TARGET }).int({ message: TARGET }).refine((n) => n > 0 || n === -1, { message: TARGET }), { message: TARGET })
    .min(1, { message: TARGET }),
});

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** `target` with its -1 (if any) replaced by what the input's size leaves for it, as Keras does. */
function resolve(target: number[], input: Shape): number[] {
  const known = product(target.filter((dim) => dim !== -1));
  return target.map((dim) => (dim === -1 ? sampleSize(input) / known : dim));
}

/** Keras `Reshape`. */
export const reshape = defineLayer({
  className: 'Reshape',
  schema,
  namePrefix: 'reshape',
  refusesAsKeras: true,
  // The -1 is resolved here: tfjs would report it as None, so a Flatten after it could not
  // be built, and tfjs writes null into the array it is given (which is the spec's own).
  toTfjs: (c, { name, inputShape, input }) => tf.layers.reshape({ ...(inputShape ? { name, inputShape } : { name }), targetShape: resolve(c.target_shape, input) }),
  check: (c, input) => {
    const target = c.target_shape;
    const inputSize = sampleSize(input);
    const unknowns = target.filter((dim) => dim === -1).length;
    const known = product(target.filter((dim) => dim !== -1));
    const ok = unknowns === 0 ? known === inputSize : unknowns === 1 && inputSize % known === 0;
    if (ok) return undefined;
    return { message: `target_shape ${formatShape(target)} must hold the ${inputSize} values of its input (at most one -1). Received: input shape ${formatShape(input)}.` };
  },
  outputShape: (c, input) => [null, ...resolve(c.target_shape, input)],
  params: () => 0,
});
