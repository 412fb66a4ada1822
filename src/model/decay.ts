import tf from '../util/tfjs.cjs';
import { FusedAdam } from './fused-adam.js';
import { FusedRMSProp } from './fused-rmsprop.js';
import { KerasAdadelta } from './keras-adadelta.js';

/** tfjs-core's NamedTensor, which @tensorflow/tfjs does not re-export. */
type NamedTensor = { name: string; tensor: tf.Tensor };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OptimizerClass = (new (...args: any[]) => tf.Optimizer) & { className: string; fromConfig: typeof tf.Optimizer.fromConfig };

/** The fields kerasts reads and writes on every tfjs optimizer it decays. */
interface LearningRateHolder {
  learningRate: number;
  setLearningRate?: (rate: number) => void;
}

/**
 * An optimizer class with Keras 2's per-update `decay`: before update `t` (0-based) the learning
 * rate is `lr / (1 + decay * t)`, as Keras's `lr * (1. / (1. + decay * iterations))`. The initial
 * rate and decay are saved in the config, so a resumed run (iterations restored) continues the
 * schedule instead of decaying the already-decayed rate again.
 */
function withDecay(Base: OptimizerClass, className: string): OptimizerClass {
  const Decayed = class extends Base {
    static override get className(): string {
      return className;
    }

    initialLearningRate: number;
    // Not `decay`: RMSPropOptimizer's own `decay` is its rho, which a field of that name here overwrote.
    kerasDecay = 0;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      this.initialLearningRate = args[0] as number;
    }

    override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
      const rate = this.initialLearningRate / (1 + this.kerasDecay * this.iterations);
      const self = this as unknown as LearningRateHolder;
      if (self.setLearningRate) self.setLearningRate(rate);
      else self.learningRate = rate;
      Base.prototype.applyGradients.call(this, variableGradients);
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...Base.prototype.getConfig.call(this), learningRate: this.initialLearningRate, kerasDecay: this.kerasDecay };
    }

    static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
      const optimizer = Base.fromConfig(cls, config) as unknown as { kerasDecay: number };
      optimizer.kerasDecay = Number(config.kerasDecay ?? 0);
      return optimizer as unknown as T;
    }
  };
  return Decayed as unknown as OptimizerClass;
}

/** Decaying versions of the optimizers kerasts makes, by tfjs class. */
const DECAYED = new Map<OptimizerClass, OptimizerClass>([
  // RMSprop and Adam as makeOptimizer makes them: tfjs's classes and values, fused (see FusedRMSProp, FusedAdam).
  [FusedRMSProp as unknown as OptimizerClass, withDecay(FusedRMSProp as unknown as OptimizerClass, 'KerasDecayRMSProp')],
  [FusedAdam as unknown as OptimizerClass, withDecay(FusedAdam as unknown as OptimizerClass, 'KerasDecayAdam')],
  [tf.SGDOptimizer as unknown as OptimizerClass, withDecay(tf.SGDOptimizer as unknown as OptimizerClass, 'KerasDecaySGD')],
  [tf.MomentumOptimizer as unknown as OptimizerClass, withDecay(tf.MomentumOptimizer as unknown as OptimizerClass, 'KerasDecayMomentum')],
  [KerasAdadelta as unknown as OptimizerClass, withDecay(KerasAdadelta as unknown as OptimizerClass, 'KerasDecayAdadelta')],
]);

/** Makes the decaying optimizers loadable from a checkpoint. Idempotent. */
export function registerDecayOptimizers(): void {
  for (const cls of DECAYED.values()) tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/**
 * `optimizer` with Keras's `decay` (none when `decay` is 0 or absent, so plain runs keep the
 * stock tfjs classes): the same state, rebuilt as the decaying subclass of its class.
 */
export function applyDecay(optimizer: tf.Optimizer, decay: number | undefined): tf.Optimizer {
  if (!decay) return optimizer;
  const Decayed = DECAYED.get(optimizer.constructor as OptimizerClass);
  if (!Decayed) throw new Error(`no decaying version of ${optimizer.getClassName()}`);
  const config = optimizer.getConfig();
  optimizer.dispose();
  const decayed = Decayed.fromConfig(Decayed as never, config) as unknown as tf.Optimizer & { kerasDecay: number; initialLearningRate: number };
  decayed.kerasDecay = decay;
  decayed.initialLearningRate = Number(config.learningRate);
  return decayed;
}
