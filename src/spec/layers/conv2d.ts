import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { defineLayer } from './entry.js';
import { activation, boolean, common, dataFormat, initializer, intOrPair, padding, positiveInt } from './schema-parts.js';
import { imageAxes, kernelFits, pair, windowedImageShape } from './shape.js';
import { toTfActivation, toTfDataFormat, toTfInitializer } from './tf-args.js';
import { fusedConv2d } from './fused-conv2d.js';

/**
 * The `model.apply` keyword under which a training step names its input batch: data, whose
 * gradient it does not want, so a Conv2D applied to exactly that tensor skips computing it.
 */
export const DATA_INPUT_KWARG = 'dataInput';

/** The parts of tfjs-layers' Conv2D that `call` reads (protected there). */
interface ConvInternals {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: [number, number];
  padding: 'valid' | 'same' | 'causal';
  dilationRate: number[];
  dataFormat: 'channelsFirst' | 'channelsLast';
  activation: { getClassName(): string; apply(x: tf.Tensor): tf.Tensor };
}

type LayerClass = new (args: object) => tf.layers.Layer;
const TfjsConv2D = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })).constructor as LayerClass;

/**
 * tfjs-layers' Conv2D, computing the same values (the same FusedConv2D kernel; channels-first
 * input transposed as tfjs-layers does), through `fusedConv2d`: when its input is the tensor a
 * training step named under DATA_INPUT_KWARG, the input gradient is not computed (tfjs's fused
 * convolution always computes it). Its ReLU is fused in training too, where tfjs-core falls
 * back to three kernels (conv2d, add, relu); an activation the kernel lacks is applied after it.
 * Registered under tfjs's class name, so saved models stay plain Keras/tfjs files.
 */
export class KerastsConv2D extends TfjsConv2D {
  static readonly className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    const plain = self.padding !== 'causal' && self.dilationRate.every((rate) => rate === 1) && input.rank === 4 && input.dtype === 'float32';
    if (!plain) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const channelsFirst = self.dataFormat === 'channelsFirst';
      const activation = self.activation.getClassName();
      const fused = activation === 'relu' ? 'relu' : 'linear';
      let y: tf.Tensor = fusedConv2d({
        x: (channelsFirst ? tf.transpose(input, [0, 2, 3, 1]) : input) as tf.Tensor4D,
        filter: self.kernel.read() as tf.Tensor4D,
        bias: self.bias === null ? null : self.bias.read(),
        window: { strides: self.strides, pad: self.padding === 'same' ? 'same' : 'valid' },
        activation: fused,
        inputGradient: kwargs[DATA_INPUT_KWARG] !== input,
      });
      if (channelsFirst) y = tf.transpose(y, [0, 3, 1, 2]);
      return activation === fused ? y : self.activation.apply(y);
    });
  }
}

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
  register: () => tf.serialization.registerClass(KerastsConv2D as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>),
  toTfjs: (c, { name, inputShape, seed, dataFormat: format }) =>
    new KerastsConv2D({
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
