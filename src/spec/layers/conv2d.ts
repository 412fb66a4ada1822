import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { activation, boolean, common, dataFormat, initializer, intOrPair, padding, positiveInt } from './schema-parts.js';
import { imageAxes, kernelFits, pair, windowedImageShape } from './shape.js';
import { toTfActivation, toTfDataFormat, toTfInitializer } from './tf-args.js';

const schema = z.strictObject({
  ...common,
  filters: positiveInt(),
  kernel_size: intOrPair(),
  strides: intOrPair().default(1),
  padding: padding.default('valid'),
  activation: activation.default('linear'),
  use_bias: boolean().default(true),
  kernel_initializer: initializer.default('glorot_uniform'),
  bias_initializer: initializer.default('zeros'),
  data_format: dataFormat,
});

/** Keras `Conv2D` (Keras 1 `Convolution2D`). */
export const conv2d = defineLayer({
  className: 'Conv2D',
  schema,
  namePrefix: 'conv2d',
  refusesAsKeras: true,
  keras1: {
    classNames: ['Convolution2D'],
    renames: { nb_filter: 'filters', border_mode: 'padding', subsample: 'strides', dim_ordering: 'data_format', init: 'kernel_initializer', bias: 'use_bias' },
    pairs: { kernel_size: ['nb_row', 'nb_col'] },
  },
  toTfjs: (c, { name, inputShape, seed, dataFormat: format }) =>
    tf.layers.conv2d({
      ...(inputShape ? { name, inputShape } : { name }),
      filters: c.filters,
      kernelSize: c.kernel_size,
      strides: c.strides,
      padding: c.padding,
      activation: toTfActivation(c.activation),
      useBias: c.use_bias,
      kernelInitializer: toTfInitializer(c.kernel_initializer, seed),
      biasInitializer: toTfInitializer(c.bias_initializer, seed),
      dataFormat: toTfDataFormat(format),
    }),
  check: (c, input, { dataFormat: format }) => kernelFits(c, input, format),
  outputShape: (c, input, { dataFormat: format }) => windowedImageShape(c.kernel_size, c.strides, c.padding, c.filters, input, format),
  params: (c, input, { dataFormat: format }) => {
    const [kr, kc] = pair(c.kernel_size);
    return kr * kc * (input[imageAxes(format).channels] ?? 0) * c.filters + (c.use_bias ? c.filters : 0);
  },
});
