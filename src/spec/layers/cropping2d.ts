import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat, edges2d } from './schema-parts.js';
import { edgePairs, formatShape, imageAxes, imageShape, requireImage } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  cropping: edges2d().default(0),
  data_format: dataFormat,
});

const minus = (dim: number | null, [a, b]: [number, number]) => (dim === null ? null : dim - a - b);

/** Keras `Cropping2D`: removes rows and cols at the image's edges (no weights). */
export const cropping2d = defineLayer({
  className: 'Cropping2D',
  schema,
  namePrefix: 'cropping2d',
  refusesAsKeras: true,
  keras1: { renames: { dim_ordering: 'data_format' } },
  toTfjs: (c, { name, inputShape, dataFormat: format }) =>
    tf.layers.cropping2D({ ...(inputShape ? { name, inputShape } : { name }), cropping: edgePairs(c.cropping), dataFormat: toTfDataFormat(format) }),
  check: (c, input, { dataFormat: format }) => {
    const notImage = requireImage(input, format);
    if (notImage !== undefined) return notImage;
    const axes = imageAxes(format);
    const [rows, cols] = edgePairs(c.cropping);
    const left = [minus(input[axes.rows], rows), minus(input[axes.cols], cols)];
    if (left.every((dim) => dim === null || dim > 0)) return undefined;
    // Keras 3 refuses this too ("cropping ... must be smaller than the input size"); tfjs would fail in slice.
    return {
      message: `cropping ${JSON.stringify([rows, cols])} must leave at least one row and one col. Received: input shape ${formatShape(input)}.`,
      hint: 'Crop less, or crop before the pooling layers shrink the image.',
    };
  },
  outputShape: (c, input, { dataFormat: format }) => {
    const axes = imageAxes(format);
    const [rows, cols] = edgePairs(c.cropping);
    return imageShape(format, minus(input[axes.rows], rows), minus(input[axes.cols], cols), input[axes.channels]);
  },
  params: () => 0,
});
