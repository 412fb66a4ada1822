import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { activation, boolean, common, dataFormat, initializer, intOrPair, padding, positiveInt } from './schema-parts.js';
import { imageAxes, imageShape, pair, requireImage } from './shape.js';
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

/** Output length of a transposed convolution along one axis (tfjs `deconvLength`). */
const deconvLength = (size: number | null, kernel: number, stride: number, mode: 'valid' | 'same') =>
  size === null ? null : mode === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0);

/**
 * Keras 2 `Conv2DTranspose`. Keras 1's `Deconvolution2D` is not an alias: it required an
 * explicit `output_shape`, which Keras 2 dropped.
 */
export const conv2dTranspose = defineLayer({
  className: 'Conv2DTranspose',
  schema,
  namePrefix: 'conv2d_transpose',
  refusesAsKeras: true,
  toTfjs: (c, { name, inputShape, seed, dataFormat: format }) =>
    tf.layers.conv2dTranspose({
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
  // A transposed convolution grows its input, so any kernel fits.
  check: (_c, input, { dataFormat: format }) => requireImage(input, format),
  outputShape: (c, input, { dataFormat: format }) => {
    const axes = imageAxes(format);
    const [kr, kc] = pair(c.kernel_size);
    const [sr, sc] = pair(c.strides);
    return imageShape(format, deconvLength(input[axes.rows], kr, sr, c.padding), deconvLength(input[axes.cols], kc, sc, c.padding), c.filters);
  },
  params: (c, input, { dataFormat: format }) => {
    const [kr, kc] = pair(c.kernel_size);
    return kr * kc * (input[imageAxes(format).channels] ?? 0) * c.filters + (c.use_bias ? c.filters : 0);
  },
});
