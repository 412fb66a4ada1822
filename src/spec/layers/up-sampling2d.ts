import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat, intOrPair } from './schema-parts.js';
import { imageAxes, imageShape, pair, requireImage } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  size: intOrPair().default([2, 2]),
  interpolation: z.enum(['nearest', 'bilinear'], { message: 'must be "nearest" or "bilinear"' }).default('nearest'),
  data_format: dataFormat,
});

const times = (dim: number | null, factor: number) => (dim === null ? null : dim * factor);

/** Keras `UpSampling2D`: repeats rows and cols `size` times (or interpolates them bilinearly). */
export const upSampling2d = defineLayer({
  className: 'UpSampling2D',
  schema,
  namePrefix: 'up_sampling2d',
  refusesAsKeras: true,
  keras1: { renames: { dim_ordering: 'data_format' } },
  toTfjs: (c, { name, inputShape, dataFormat: format }) =>
    tf.layers.upSampling2d({ ...(inputShape ? { name, inputShape } : { name }), size: pair(c.size), interpolation: c.interpolation, dataFormat: toTfDataFormat(format) }),
  check: (_c, input, { dataFormat: format }) => requireImage(input, format),
  outputShape: (c, input, { dataFormat: format }) => {
    const axes = imageAxes(format);
    const [rows, cols] = pair(c.size);
    return imageShape(format, times(input[axes.rows], rows), times(input[axes.cols], cols), input[axes.channels]);
  },
  params: () => 0,
});
