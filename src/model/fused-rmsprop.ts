import tf from '../util/tfjs.cjs';
import { RMSPROP_UPDATE_KERNEL, type RMSPropUpdateAttrs } from '../backend/kernel-names.js';

/** tfjs-core's NamedTensor, which @tensorflow/tfjs does not re-export. */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface SlotVariable {
  originalName: string;
  variable: tf.Variable;
}

/** RMSPropOptimizer's fields this class reads (private in tfjs's declarations, plain fields at run time). */
interface RMSPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: SlotVariable[];
  accumulatedMoments: SlotVariable[];
}

/**
 * tfjs's RMSPropOptimizer with each variable's update in one kernel where the backend has
 * kerasts's (wasm): tfjs's own is eight element-wise kernels per variable, the slowest part
 * of a CIFAR-10 step after the shards. The values are tfjs's bit for bit (the kernel keeps
 * its order of operations), and the class name, config, slot names and weight order are
 * inherited, so checkpoints and --resume are unchanged. Centered RMSprop, and any backend
 * without the kernel, run tfjs's own update.
 */
export class FusedRMSProp extends tf.RMSPropOptimizer {
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const state = this as unknown as RMSPropState;
    if (state.centered || tf.getKernel(RMSPROP_UPDATE_KERNEL, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const names = Array.isArray(variableGradients) ? variableGradients.map((item) => item.name) : Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      // The slots tfjs would make, with its names, so getWeights and setWeights stay its own.
      state.accumulatedMeanSquares[i] ??= { originalName: `${name}/rms`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      state.accumulatedMoments[i] ??= { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
      if (gradient == null) return;
      const meanSquare = state.accumulatedMeanSquares[i].variable;
      const moment = state.accumulatedMoments[i].variable;
      const [newValue, newMeanSquare, newMoment] = this.fusedUpdate(value, meanSquare, moment, gradient, state);
      meanSquare.assign(newMeanSquare!);
      moment.assign(newMoment!);
      value.assign(newValue!);
      tf.dispose([newValue!, newMeanSquare!, newMoment!]);
    });
    this.incrementIterations();
  }

  /** The new value, mean square and moment of one variable, from kerasts's kernel (float32), else tfjs's ops in tfjs's order. */
  private fusedUpdate(value: tf.Tensor, meanSquare: tf.Tensor, moment: tf.Tensor, gradient: tf.Tensor, state: RMSPropState): tf.Tensor[] {
    if (gradient.dtype === 'float32' && value.dtype === 'float32') {
      const attrs: RMSPropUpdateAttrs = { rho: state.decay, momentum: state.momentum, epsilon: state.epsilon, learningRate: state.learningRate };
      const inputs = { value, meanSquare, moment, gradient };
      return tf.engine().runKernel(RMSPROP_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    }
    return tf.tidy(() => {
      const newMeanSquare = tf.add(tf.mul(meanSquare, state.decay), tf.mul(tf.square(gradient), 1 - state.decay));
      const newMoment = tf.add(tf.mul(moment, state.momentum), tf.div(tf.mul(gradient, state.learningRate), tf.sqrt(tf.add(newMeanSquare, state.epsilon))));
      return [tf.sub(value, newMoment), newMeanSquare, newMoment];
    });
  }
}

/**
 * Makes tfjs's 'RMSProp' name load as FusedRMSProp (same config, same weights), so a resumed
 * run is as fast as a fresh one. Idempotent.
 */
export function registerFusedRMSProp(): void {
  tf.serialization.registerClass(FusedRMSProp);
}
