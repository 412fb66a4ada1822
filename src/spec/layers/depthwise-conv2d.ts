import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { activation, boolean, common, dataFormat, initializer, intOrPair, padding, positiveInt } from './schema-parts.js';
import { imageAxes, kernelFits, pair, windowedImageShape } from './shape.js';
import { toTfActivation, toTfDataFormat, toTfInitializer } from './tf-args.js';

/** The config of a depthwise convolution; SeparableConv2D's adds `filters` and its pointwise initializer. */
export const depthwiseSchema = z.strictObject({
  ...common,
  kernel_size: intOrPair(),
  strides: intOrPair().default(1),
  padding: padding.default('valid'),
  depth_multiplier: positiveInt().default(1),
  activation: activation.default('linear'),
  use_bias: boolean().default(true),
  depthwise_initializer: initializer.default('glorot_uniform'),
  bias_initializer: initializer.default('zeros'),
  data_format: dataFormat,
});

const inChannels = (input: (number | null)[], format: Parameters<typeof imageAxes>[0]) => input[imageAxes(format).channels] ?? 0;

/** Keras `DepthwiseConv2D`: one `kernel_size` filter per input channel (times `depth_multiplier`), no mixing of channels. */
export const depthwiseConv2d = defineLayer({
  className: 'DepthwiseConv2D',
  schema: depthwiseSchema,
  namePrefix: 'depthwise_conv2d',
  refusesAsKeras: true,
  toTfjs: (c, { name, inputShape, seed, dataFormat: format }) =>
    tf.layers.depthwiseConv2d({
      ...(inputShape ? { name, inputShape } : { name }),
      kernelSize: c.kernel_size,
      strides: c.strides,
      padding: c.padding,
      depthMultiplier: c.depth_multiplier,
      activation: toTfActivation(c.activation),
      useBias: c.use_bias,
      depthwiseInitializer: toTfInitializer(c.depthwise_initializer, seed),
      biasInitializer: toTfInitializer(c.bias_initializer, seed),
      dataFormat: toTfDataFormat(format),
    }),
  check: (c, input, { dataFormat: format }) => kernelFits(c, input, format),
  outputShape: (c, input, { dataFormat: format }) => {
    const channels = input[imageAxes(format).channels];
    return windowedImageShape(c.kernel_size, c.strides, c.padding, channels === null ? null : channels * c.depth_multiplier, input, format);
  },
  params: (c, input, { dataFormat: format }) => {
    const [kr, kc] = pair(c.kernel_size);
    const outChannels = inChannels(input, format) * c.depth_multiplier;
    return kr * kc * outChannels + (c.use_bias ? outChannels : 0);
  },
});
