import tf from '../../util/tfjs.cjs';
import type { Activation, DataFormat, Initializer } from './schema-parts.js';

/**
 * Keras snake_case values → tfjs-layers camelCase ones (as tfjs-layers' own
 * `serialization_utils` does for Keras JSON). Only the layer entries beside this file and
 * `spec/to-tfjs.ts` spell a tfjs argument.
 */

type TfDataFormat = 'channelsFirst' | 'channelsLast';
type TfActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'softmax' | 'softplus' | 'softsign' | 'tanh' | 'swish' | 'mish' | 'gelu';

export const toTfDataFormat = (format: DataFormat): TfDataFormat => (format === 'channels_first' ? 'channelsFirst' : 'channelsLast');

export const toTfActivation = (name: Activation): TfActivation => (name === 'hard_sigmoid' ? 'hardSigmoid' : name);

/**
 * A tfjs initializer for a Keras initializer name. Keras's random_* and truncated_normal
 * default to stddev / range 0.05, unlike tfjs, so the Keras defaults are given explicitly.
 */
export function toTfInitializer(name: Initializer, seed: number | undefined): ReturnType<typeof tf.initializers.zeros> {
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
