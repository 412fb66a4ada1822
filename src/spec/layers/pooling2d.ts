import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat, intOrPair, padding } from './schema-parts.js';
import { imageAxes, imageShape, pair, requireImage, windowFits, windowLength } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  pool_size: intOrPair().default([2, 2]),
  // Omitted strides default to pool_size, as in Keras.
  strides: intOrPair().optional(),
  padding: padding.default('valid'),
  data_format: dataFormat,
});

/** Max and average pooling take the same arguments. */
type PoolingFactory = (args: Parameters<typeof tf.layers.maxPooling2d>[0]) => tf.layers.Layer;

/** The entry of a 2-D pooling class; MaxPooling2D and AveragePooling2D differ only in these. */
export const pooling2d = (className: string, namePrefix: string, factory: PoolingFactory) =>
  defineLayer({
    className,
    schema,
    namePrefix,
    refusesAsKeras: true,
    keras1: { renames: { border_mode: 'padding', dim_ordering: 'data_format' } },
    toTfjs: (c, { name, inputShape, dataFormat: format }) =>
      factory({ ...(inputShape ? { name, inputShape } : { name }), poolSize: c.pool_size, strides: c.strides ?? c.pool_size, padding: c.padding, dataFormat: toTfDataFormat(format) }),
    check: (c, input, { dataFormat: format }) => requireImage(input, format) ?? windowFits('pool_size', pair(c.pool_size), c.padding, input, format),
    outputShape: (c, input, { dataFormat: format }) => {
      const axes = imageAxes(format);
      const [pr, pc] = pair(c.pool_size);
      const [sr, sc] = pair(c.strides ?? c.pool_size);
      return imageShape(format, windowLength(input[axes.rows], pr, sr, c.padding), windowLength(input[axes.cols], pc, sc, c.padding), input[axes.channels]);
    },
    params: () => 0,
  });
