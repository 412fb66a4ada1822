import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { depthwiseSchema } from './depthwise-conv2d.js';
import { initializer, positiveInt } from './schema-parts.js';
import { imageAxes, kernelFits, pair, windowedImageShape } from './shape.js';
import { toTfActivation, toTfDataFormat, toTfInitializer } from './tf-args.js';

const schema = z.strictObject({
  ...depthwiseSchema.shape,
  filters: positiveInt(),
  pointwise_initializer: initializer.default('glorot_uniform'),
});

/** The parts of tfjs-layers' SeparableConv2D that `call` reads (protected there). */
interface SeparableInternals {
  depthwiseKernel: tf.LayerVariable;
  pointwiseKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: [number, number];
  padding: 'valid' | 'same';
  dilationRate: [number, number];
  dataFormat: 'channelsFirst' | 'channelsLast';
  useBias: boolean;
  activation: { apply(x: tf.Tensor): tf.Tensor } | null;
  depthMultiplier: number;
}

type LayerClass = new (args: object) => tf.layers.Layer;
const TfjsSeparableConv2D = Object.getPrototypeOf(tf.layers.separableConv2d({ filters: 1, kernelSize: 1 })).constructor as LayerClass;

/**
 * Two faults of tfjs-layers 4.22's SeparableConv2D, mended under its own class name (so
 * tfjs's deserializer builds this one too): it adds its bias along axis 1 after convolving a
 * channels-first input as NHWC, so every channels_first SeparableConv2D with a bias fails
 * ("could not be broadcast"); and its config leaves out `depthMultiplier`, so a saved model
 * with a multiplier above 1 loads with the wrong weight shapes (Keras's config has it).
 */
class FixedSeparableConv2D extends TfjsSeparableConv2D {
  static readonly className = 'SeparableConv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as SeparableInternals;
    if (self.dataFormat !== 'channelsFirst' || !self.useBias) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = tf.transpose(Array.isArray(inputs) ? inputs[0]! : inputs, [0, 2, 3, 1]) as tf.Tensor4D;
      const depthwise = self.depthwiseKernel.read() as tf.Tensor4D;
      const pointwise = self.pointwiseKernel.read() as tf.Tensor4D;
      let y: tf.Tensor = tf.add(tf.separableConv2d(x, depthwise, pointwise, self.strides, self.padding, self.dilationRate, 'NHWC'), self.bias!.read());
      if (self.activation !== null) y = self.activation.apply(y);
      return tf.transpose(y, [0, 3, 1, 2]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), depthMultiplier: (this as unknown as SeparableInternals).depthMultiplier };
  }
}

/**
 * Keras `SeparableConv2D` (Keras 1 `SeparableConvolution2D`): a depthwise convolution, then
 * a 1x1 convolution mixing its channels into `filters`; far fewer weights than a Conv2D.
 */
export const separableConv2d = defineLayer({
  className: 'SeparableConv2D',
  schema,
  namePrefix: 'separable_conv2d',
  refusesAsKeras: true,
  register: () => tf.serialization.registerClass(FixedSeparableConv2D as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>),
  keras1: {
    classNames: ['SeparableConvolution2D'],
    renames: { nb_filter: 'filters', border_mode: 'padding', subsample: 'strides', dim_ordering: 'data_format', bias: 'use_bias' },
    pairs: { kernel_size: ['nb_row', 'nb_col'] },
  },
  toTfjs: (c, { name, inputShape, seed, dataFormat: format }) =>
    new FixedSeparableConv2D({
      ...(inputShape ? { name, inputShape } : { name }),
      filters: c.filters,
      kernelSize: c.kernel_size,
      strides: c.strides,
      padding: c.padding,
      depthMultiplier: c.depth_multiplier,
      activation: toTfActivation(c.activation),
      useBias: c.use_bias,
      depthwiseInitializer: toTfInitializer(c.depthwise_initializer, seed),
      pointwiseInitializer: toTfInitializer(c.pointwise_initializer, seed),
      biasInitializer: toTfInitializer(c.bias_initializer, seed),
      dataFormat: toTfDataFormat(format),
    }),
  check: (c, input, { dataFormat: format }) => kernelFits(c, input, format),
  outputShape: (c, input, { dataFormat: format }) => windowedImageShape(c.kernel_size, c.strides, c.padding, c.filters, input, format),
  params: (c, input, { dataFormat: format }) => {
    const [kr, kc] = pair(c.kernel_size);
    const depthwise = (input[imageAxes(format).channels] ?? 0) * c.depth_multiplier;
    return kr * kc * depthwise + depthwise * c.filters + (c.use_bias ? c.filters : 0);
  },
});
