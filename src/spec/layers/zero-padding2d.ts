import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat, nonNegativeInt } from './schema-parts.js';
import { imageAxes, imageShape, requireImage } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const PADDING_2D = 'must be an integer, a list of two, or a list of two lists of two';
const amount = () => nonNegativeInt(PADDING_2D);
const schema = z.strictObject({
  ...common,
  padding: z
    .union([amount(), z.tuple([amount(), amount()]), z.tuple([z.tuple([amount(), amount()]), z.tuple([amount(), amount()])])], { message: PADDING_2D })
    .default(1),
  data_format: dataFormat,
});

type Padding = z.infer<typeof schema>['padding'];

/** `padding` as ((top, bottom), (left, right)), as Keras normalises it. */
function normalise(padding: Padding): [[number, number], [number, number]] {
  if (typeof padding === 'number') return [[padding, padding], [padding, padding]];
  const [rows, cols] = padding;
  return [typeof rows === 'number' ? [rows, rows] : rows, typeof cols === 'number' ? [cols, cols] : cols];
}

const plus = (dim: number | null, [a, b]: [number, number]) => (dim === null ? null : dim + a + b);

/** Keras `ZeroPadding2D`. */
export const zeroPadding2d = defineLayer({
  className: 'ZeroPadding2D',
  schema,
  namePrefix: 'zero_padding2d',
  keras1: { renames: { dim_ordering: 'data_format' } },
  toTfjs: (c, { name, inputShape, dataFormat: format }) =>
    tf.layers.zeroPadding2d({ ...(inputShape ? { name, inputShape } : { name }), padding: c.padding, dataFormat: toTfDataFormat(format) }),
  check: (_c, input, { dataFormat: format }) => requireImage(input, format),
  outputShape: (c, input, { dataFormat: format }) => {
    const axes = imageAxes(format);
    const [rows, cols] = normalise(c.padding);
    return imageShape(format, plus(input[axes.rows], rows), plus(input[axes.cols], cols), input[axes.channels]);
  },
  params: () => 0,
});
