import * as tf from '@tensorflow/tfjs';
import type { LossName } from './defaults.js';
import type { Activation, DataFormat, Initializer, LayerSpec } from './layers.js';

/**
 * The one place where the spec's Keras snake_case becomes tfjs-layers camelCase (as
 * tfjs-layers' own `serialization_utils` does for Keras JSON). Nothing else in kerasts
 * spells a tfjs argument name.
 */

type TfDataFormat = 'channelsFirst' | 'channelsLast';
type TfActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'softmax' | 'softplus' | 'softsign' | 'tanh' | 'swish' | 'mish' | 'gelu';

export const toTfDataFormat = (format: DataFormat): TfDataFormat => (format === 'channels_first' ? 'channelsFirst' : 'channelsLast');

const toTfActivation = (name: Activation): TfActivation => (name === 'hard_sigmoid' ? 'hardSigmoid' : name);

/**
 * A tfjs initializer for a Keras initializer name. Keras's random_* and truncated_normal
 * default to stddev / range 0.05, unlike tfjs, so the Keras defaults are given explicitly.
 */
function toTfInitializer(name: Initializer, seed: number | undefined): ReturnType<typeof tf.initializers.zeros> {
  switch (name) {
    case 'zeros': return tf.initializers.zeros();
    case 'ones': return tf.initializers.ones();
    case 'glorot_uniform': return tf.initializers.glorotUniform({ seed });
    case 'glorot_normal': return tf.initializers.glorotNormal({ seed });
    case 'he_uniform': return tf.initializers.heUniform({ seed });
    case 'he_normal': return tf.initializers.heNormal({ seed });
    case 'lecun_uniform': return tf.initializers.leCunUniform({ seed });
    case 'lecun_normal': return tf.initializers.leCunNormal({ seed });
    case 'random_normal': return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    case 'random_uniform': return tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    case 'truncated_normal': return tf.initializers.truncatedNormal({ mean: 0, stddev: 0.05, seed });
    case 'orthogonal': return tf.initializers.orthogonal({ gain: 1, seed });
  }
}

/** What the builder decided for a layer beyond its own config. */
export interface LayerContext {
  name: string;
  /** The layer's data format: its own `data_format`, else the image_dim_ordering setting. */
  dataFormat: DataFormat;
  /** Per-sample input shape; only for the first layer. */
  inputShape?: number[];
  /** Rank of the layer's input including the batch axis (for BatchNormalization's default axis). */
  inputRank: number;
  /** Seed for this layer's random initializers and dropout, when the run is seeded. */
  seed?: number;
}

/** Creates the tfjs-layers layer for one validated layer spec. */
export function toTfjsLayer(layer: LayerSpec, context: LayerContext): tf.layers.Layer {
  const { name, inputShape, seed } = context;
  const base = inputShape ? { name, inputShape } : { name };
  const dataFormat = toTfDataFormat(context.dataFormat);
  switch (layer.class_name) {
    case 'Conv2D': {
      const c = layer.config;
      return tf.layers.conv2d({
        ...base,
        filters: c.filters,
        kernelSize: c.kernel_size,
        strides: c.strides,
        padding: c.padding,
        activation: toTfActivation(c.activation),
        useBias: c.use_bias,
        kernelInitializer: toTfInitializer(c.kernel_initializer, seed),
        biasInitializer: toTfInitializer(c.bias_initializer, seed),
        dataFormat,
      });
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const c = layer.config;
      const args = { ...base, poolSize: c.pool_size, strides: c.strides ?? c.pool_size, padding: c.padding, dataFormat };
      return layer.class_name === 'MaxPooling2D' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args);
    }
    case 'Dropout':
      return tf.layers.dropout({ ...base, rate: layer.config.rate, seed: layer.config.seed ?? seed });
    case 'Flatten':
      // Only an explicit data_format makes Flatten reorder to channels-last first (Keras 2);
      // by default it flattens in memory order, as Keras 1 did under "th".
      return tf.layers.flatten(layer.config.data_format ? { ...base, dataFormat } : base);
    case 'Dense': {
      const c = layer.config;
      return tf.layers.dense({
        ...base,
        units: c.units,
        activation: toTfActivation(c.activation),
        useBias: c.use_bias,
        kernelInitializer: toTfInitializer(c.kernel_initializer, seed),
        biasInitializer: toTfInitializer(c.bias_initializer, seed),
      });
    }
    case 'Activation':
      return tf.layers.activation({ ...base, activation: toTfActivation(layer.config.activation) });
    case 'BatchNormalization': {
      const c = layer.config;
      const channelAxis = context.dataFormat === 'channels_first' && context.inputRank === 4 ? 1 : -1;
      return tf.layers.batchNormalization({ ...base, axis: c.axis ?? channelAxis, momentum: c.momentum, epsilon: c.epsilon, center: c.center, scale: c.scale });
    }
    case 'ZeroPadding2D':
      return tf.layers.zeroPadding2d({ ...base, padding: layer.config.padding, dataFormat });
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d({ ...base, dataFormat });
    case 'Reshape':
      return tf.layers.reshape({ ...base, targetShape: layer.config.target_shape });
  }
}

/** Keras loss names → tfjs loss identifiers. */
export const TFJS_LOSSES: Readonly<Record<LossName, string>> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
};

/** Keras layer class → the snake_case prefix Keras 2 uses for automatic layer names. */
export const KERAS_NAME_PREFIX: Readonly<Record<LayerSpec['class_name'], string>> = {
  Conv2D: 'conv2d',
  MaxPooling2D: 'max_pooling2d',
  AveragePooling2D: 'average_pooling2d',
  Dropout: 'dropout',
  Flatten: 'flatten',
  Dense: 'dense',
  Activation: 'activation',
  BatchNormalization: 'batch_normalization',
  ZeroPadding2D: 'zero_padding2d',
  GlobalAveragePooling2D: 'global_average_pooling2d',
  Reshape: 'reshape',
};
