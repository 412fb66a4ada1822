/**
 * What a Keras 2 HDF5 file says about the model besides its weights: `model_config` (the
 * architecture) and `training_config` (how it was compiled), in the shapes Keras 2.2's
 * `save_model` writes and its `load_model` reads.
 */
import type * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS } from '../../settings/constants.js';
import { OPTIMIZER_DEFAULTS } from '../../spec/defaults.js';
import type { CompileSpec, OptimizerSpec } from '../../spec/schema.js';

/** The Keras version and backend a written file claims: the format kerasts writes is Keras 2.2's. */
export const KERAS2_VERSION = '2.2.4';
export const KERAS2_BACKEND = 'tensorflow';

export interface Keras2ModelConfig {
  class_name: string;
  config: unknown;
}

/**
 * `{"class_name": "Sequential", "config": {"name", "layers"}}`: tfjs-layers serialises its
 * models in Keras 2's own format; only its `keras_version`/`backend` keys are dropped (Keras
 * keeps those as separate attributes).
 */
export function keras2ModelConfig(model: tf.LayersModel): Keras2ModelConfig {
  const json = model.toJSON(null, false) as unknown as Keras2ModelConfig;
  return { class_name: json.class_name, config: json.config };
}

export interface Keras2TrainingConfig {
  optimizer_config: { class_name: string; config: Record<string, number | boolean> };
  loss: string;
  metrics: string[];
  sample_weight_mode: null;
  loss_weights: null;
}

/**
 * The optimizer as Keras 2.2 serialises it (`lr`, not `learning_rate`; `decay` always
 * present), or undefined when Keras 2.2's class could not take the settings: its RMSprop has
 * no momentum.
 */
function keras2Optimizer(spec: OptimizerSpec, epsilon: number): Keras2TrainingConfig['optimizer_config'] | undefined {
  const c = spec.config;
  const decay = c.decay ?? 0;
  switch (spec.name) {
    case 'adadelta': {
      const d = OPTIMIZER_DEFAULTS.adadelta;
      return { class_name: 'Adadelta', config: { lr: c.learning_rate ?? d.learning_rate, rho: c.rho ?? d.rho, decay, epsilon: c.epsilon ?? epsilon } };
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      const config = { lr: c.learning_rate ?? d.learning_rate, beta_1: c.beta_1 ?? d.beta_1, beta_2: c.beta_2 ?? d.beta_2, decay, epsilon: c.epsilon ?? epsilon, amsgrad: false };
      return { class_name: 'Adam', config };
    }
    case 'sgd': {
      const d = OPTIMIZER_DEFAULTS.sgd;
      return { class_name: 'SGD', config: { lr: c.learning_rate ?? d.learning_rate, momentum: c.momentum ?? d.momentum, decay, nesterov: c.nesterov ?? d.nesterov } };
    }
    case 'rmsprop': {
      const d = OPTIMIZER_DEFAULTS.rmsprop;
      if ((c.momentum ?? d.momentum) !== 0) return undefined;
      return { class_name: 'RMSprop', config: { lr: c.learning_rate ?? d.learning_rate, rho: c.rho ?? d.rho, decay, epsilon: c.epsilon ?? epsilon } };
    }
  }
}

/** `training_config` for a kerasts compile section, or undefined when Keras 2.2 cannot express it. */
export function keras2TrainingConfig(compile: CompileSpec, epsilon: number = DEFAULT_SETTINGS.epsilon): Keras2TrainingConfig | undefined {
  const optimizer = keras2Optimizer(compile.optimizer, epsilon);
  if (optimizer === undefined) return undefined;
  return { optimizer_config: optimizer, loss: compile.loss, metrics: [...compile.metrics], sample_weight_mode: null, loss_weights: null };
}
