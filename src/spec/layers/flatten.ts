import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat } from './schema-parts.js';
import { formatShape, sampleSize } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({ ...common, data_format: dataFormat });

/** Keras `Flatten`. */
export const flatten = defineLayer({
  className: 'Flatten',
  schema,
  namePrefix: 'flatten',
  toTfjs: (c, { name, inputShape, dataFormat: format }) => {
    const base = inputShape ? { name, inputShape } : { name };
    // Only an explicit data_format makes Flatten reorder to channels-last first (Keras 2);
    // by default it flattens in memory order, as Keras 1 did under "th".
    return tf.layers.flatten(c.data_format ? { ...base, dataFormat: toTfDataFormat(format) } : base);
  },
  check: (_c, input) =>
    input.length < 3 ? { message: `needs an input of at least 3 dimensions (batch and 2 more). Received: input shape ${formatShape(input)}.` } : undefined,
  outputShape: (_c, input) => [null, sampleSize(input)],
  params: () => 0,
});
