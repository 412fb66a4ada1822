import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat, edges2d } from './schema-parts.js';
import { edgePairs, imageAxes, imageShape, requireImage } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  padding: edges2d().default(1),
  data_format: dataFormat,
});

const plus = (dim: number | null, [a, b]: [number, number]) => (dim === null ? null : dim + a + b);

/** Keras `ZeroPadding2D`. */
export const zeroPadding2d = defineLayer({
  className: 'ZeroPadding2D',
  schema,
  namePrefix: 'zero_padding2d',
  refusesAsKeras: true,
  keras1: { renames: { dim_ordering: 'data_format' } },
  toTfjs: (c, { name, inputShape, dataFormat: format }) =>
    tf.layers.zeroPadding2d({ ...(inputShape ? { name, inputShape } : { name }), padding: c.padding, dataFormat: toTfDataFormat(format) }),
  check: (_c, input, { dataFormat: format }) => requireImage(input, format),
  outputShape: (c, input, { dataFormat: format }) => {
    const axes = imageAxes(format);
    const [rows, cols] = edgePairs(c.padding);
    return imageShape(format, plus(input[axes.rows], rows), plus(input[axes.cols], cols), input[axes.channels]);
  },
  params: () => 0,
});
