import * as tf from '@tensorflow/tfjs';
import { OPTIMIZER_DEFAULTS } from '../spec/defaults.js';
import type { CompileSpec, OptimizerSpec } from '../spec/schema.js';
import { TFJS_LOSSES } from '../spec/to-tfjs.js';
import { KerasAdadelta, registerKerasOptimizers } from './keras-adadelta.js';

/**
 * Creates the tfjs optimizer for a spec's optimizer, filling in Keras 2's defaults
 * (Adadelta: learning rate 1.0, rho 0.95, epsilon 1e-7, as in the classic mnist_cnn).
 */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const c = spec.config;
  switch (spec.name) {
    case 'adadelta': {
      const d = OPTIMIZER_DEFAULTS.adadelta;
      // Not tf.train.adadelta: its first step is plain SGD at the full rate (see KerasAdadelta).
      registerKerasOptimizers();
      return new KerasAdadelta(c.learning_rate ?? d.learning_rate, c.rho ?? d.rho, c.epsilon ?? d.epsilon);
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      return tf.train.adam(c.learning_rate ?? d.learning_rate, c.beta_1 ?? d.beta_1, c.beta_2 ?? d.beta_2, c.epsilon ?? d.epsilon);
    }
    case 'sgd': {
      const d = OPTIMIZER_DEFAULTS.sgd;
      const momentum = c.momentum ?? d.momentum;
      const nesterov = c.nesterov ?? d.nesterov;
      // tfjs splits Keras's SGD in two: plain sgd, and momentum (with the Nesterov flag).
      if (momentum === 0 && !nesterov) return tf.train.sgd(c.learning_rate ?? d.learning_rate);
      return tf.train.momentum(c.learning_rate ?? d.learning_rate, momentum, nesterov);
    }
    case 'rmsprop': {
      const d = OPTIMIZER_DEFAULTS.rmsprop;
      return tf.train.rmsprop(c.learning_rate ?? d.learning_rate, c.rho ?? d.rho, c.momentum ?? d.momentum, c.epsilon ?? d.epsilon);
    }
  }
}

/** The tfjs loss identifier and metric names for a spec's compile section. */
export function compileArgs(spec: CompileSpec): tf.ModelCompileArgs {
  return {
    optimizer: makeOptimizer(spec.optimizer),
    loss: TFJS_LOSSES[spec.loss],
    // 'accuracy' and 'acc' are the same in tfjs, which picks categorical/sparse/binary accuracy from the loss, as Keras does.
    metrics: [...spec.metrics],
  };
}

/** Compiles a built model with the spec's optimizer, loss and metrics. */
export function compileModel(model: tf.LayersModel, spec: CompileSpec): void {
  model.compile(compileArgs(spec));
}
