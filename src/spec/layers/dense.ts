import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { activation, boolean, common, initializer, positiveInt } from './schema-parts.js';
import { formatShape } from './shape.js';
import { toTfActivation, toTfInitializer } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  units: positiveInt(),
  activation: activation.default('linear'),
  use_bias: boolean().default(true),
  kernel_initializer: initializer.default('glorot_uniform'),
  bias_initializer: initializer.default('zeros'),
});

/** Keras `Dense` (Keras 1 `output_dim`, `init`, `bias`). */
export const dense = defineLayer({
  className: 'Dense',
  schema,
  namePrefix: 'dense',
  keras1: { renames: { output_dim: 'units', init: 'kernel_initializer', bias: 'use_bias' } },
  toTfjs: (c, { name, inputShape, seed }) =>
    tf.layers.dense({
      ...(inputShape ? { name, inputShape } : { name }),
      units: c.units,
      activation: toTfActivation(c.activation),
      useBias: c.use_bias,
      kernelInitializer: toTfInitializer(c.kernel_initializer, seed),
      biasInitializer: toTfInitializer(c.bias_initializer, seed),
    }),
  // Keras 2 would apply Dense to the last axis of a 4-D input; kerasts refuses instead,
  // because in a CNN spec that is nearly always a forgotten Flatten, and it silently
  // changes the parameter count and output shape. Keras 1 refused it too.
  check: (_c, input) =>
    input.length !== 2 ? { message: `needs a 2-D input (batch, features). Received: input shape ${formatShape(input)}.`, hint: 'Add a Flatten layer before it.' } : undefined,
  outputShape: (c) => [null, c.units],
  params: (c, input) => (input[1] ?? 0) * c.units + (c.use_bias ? c.units : 0),
});
