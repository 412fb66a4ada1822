import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { common, dataFormat } from './schema-parts.js';
import { imageAxes, requireImage } from './shape.js';
import { toTfDataFormat } from './tf-args.js';

const schema = z.strictObject({ ...common, data_format: dataFormat });

/** Keras `GlobalAveragePooling2D`. */
export const globalAveragePooling2d = defineLayer({
  className: 'GlobalAveragePooling2D',
  schema,
  namePrefix: 'global_average_pooling2d',
  refusesAsKeras: true,
  keras1: { renames: { dim_ordering: 'data_format' } },
  toTfjs: (_c, { name, inputShape, dataFormat: format }) =>
    tf.layers.globalAveragePooling2d({ ...(inputShape ? { name, inputShape } : { name }), dataFormat: toTfDataFormat(format) }),
  check: (_c, input, { dataFormat: format }) => requireImage(input, format),
  outputShape: (_c, input, { dataFormat: format }) => [null, input[imageAxes(format).channels]],
  params: () => 0,
});
