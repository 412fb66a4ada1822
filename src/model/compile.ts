import tf from '../util/tfjs.cjs';
import { DEFAULT_SETTINGS } from '../settings/constants.js';
import { OPTIMIZER_DEFAULTS } from '../spec/defaults.js';
import type { CompileSpec, OptimizerSpec } from '../spec/schema.js';
import { TFJS_LOSSES } from '../spec/to-tfjs.js';
import { applyDecay, registerDecayOptimizers } from './decay.js';
import { FusedAdam, registerFusedAdam } from './fused-adam.js';
import { FusedRMSProp, registerFusedRMSProp } from './fused-rmsprop.js';
import { KerasAdadelta, registerKerasOptimizers } from './keras-adadelta.js';

/**
 * Creates the tfjs optimizer for a spec's optimizer, filling in Keras 2's defaults
 * (Adadelta: learning rate 1.0, rho 0.95, as in the classic mnist_cnn). `epsilon` is the
 * settings' fuzz factor, Keras's `K.epsilon()`, used where the spec gives none.
 */
export function makeOptimizer(spec: OptimizerSpec, epsilon: number = DEFAULT_SETTINGS.epsilon): tf.Optimizer {
  registerDecayOptimizers();
  return applyDecay(makeBaseOptimizer(spec, epsilon), spec.config.decay);
}

function makeBaseOptimizer(spec: OptimizerSpec, epsilon: number): tf.Optimizer {
  const c = spec.config;
  switch (spec.name) {
    case 'adadelta': {
      const d = OPTIMIZER_DEFAULTS.adadelta;
      // Not tf.train.adadelta: its first step is plain SGD at the full rate (see KerasAdadelta).
      registerKerasOptimizers();
      return new KerasAdadelta(c.learning_rate ?? d.learning_rate, c.rho ?? d.rho, c.epsilon ?? epsilon);
    }
    case 'adam': {
      const d = OPTIMIZER_DEFAULTS.adam;
      // tf.train.adam's class and values, each variable's update in one kernel (see FusedAdam).
      registerFusedAdam();
      return new FusedAdam(c.learning_rate ?? d.learning_rate, c.beta_1 ?? d.beta_1, c.beta_2 ?? d.beta_2, c.epsilon ?? epsilon);
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
      // tf.train.rmsprop's class and values, each variable's update in one kernel (see FusedRMSProp).
      registerFusedRMSProp();
      return new FusedRMSProp(c.learning_rate ?? d.learning_rate, c.rho ?? d.rho, c.momentum ?? d.momentum, c.epsilon ?? epsilon);
    }
  }
}

/** The tfjs loss identifier and metric names for a spec's compile section. */
export function compileArgs(spec: CompileSpec, epsilon?: number): tf.ModelCompileArgs {
  return {
    optimizer: makeOptimizer(spec.optimizer, epsilon),
    loss: TFJS_LOSSES[spec.loss],
    // 'accuracy' and 'acc' are the same in tfjs, which picks categorical/sparse/binary accuracy from the loss, as Keras does.
    metrics: [...spec.metrics],
  };
}

/** Compiles a built model with the spec's optimizer, loss and metrics (`epsilon`: the setting). */
export function compileModel(model: tf.LayersModel, spec: CompileSpec, epsilon?: number): void {
  model.compile(compileArgs(spec, epsilon));
}
