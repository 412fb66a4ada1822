import tf from '../util/tfjs.cjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs } from '../backend/kernel-names.js';

/** tfjs-core's NamedTensor, which @tensorflow/tfjs does not re-export. */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface SlotVariable {
  originalName: string;
  variable: tf.Variable;
}

/** AdamOptimizer's fields this class reads (private in tfjs's declarations, plain fields at run time). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: SlotVariable[];
  accumulatedSecondMoment: SlotVariable[];
}

/**
 * tfjs's AdamOptimizer with each variable's update in one kernel where the backend has
 * kerasts's (wasm), instead of a dozen element-wise kernels. The values are tfjs's bit for
 * bit (the kernel keeps its order of operations and reads its float32 bias corrections), and
 * the class name, config, slot names and weight order are inherited, so checkpoints and
 * --resume (see adam-state.ts) are unchanged. Backends without the kernel run tfjs's update.
 */
export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const state = this as unknown as AdamState;
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]): NamedTensor => ({ name, tensor }));
    if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) === undefined || named.some(({ tensor }) => tensor != null && tensor.dtype !== 'float32')) {
      super.applyGradients(variableGradients);
      return;
    }
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      const attrs: AdamUpdateAttrs = { beta1: state.beta1, beta2: state.beta2, epsilon: state.epsilon, learningRate: state.learningRate };
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // The slots tfjs would make, with its names, so getWeights and setWeights stay its own.
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const firstMoment = state.accumulatedFirstMoment[i].variable;
        const secondMoment = state.accumulatedSecondMoment[i].variable;
        const inputs = { value, firstMoment, secondMoment, gradient, oneMinusAccBeta1, oneMinusAccBeta2 };
        const [newValue, newFirstMoment, newSecondMoment] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        firstMoment.assign(newFirstMoment!);
        secondMoment.assign(newSecondMoment!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }
}

/** Makes tfjs's 'Adam' name load as FusedAdam (same config, same weights). Idempotent. */
export function registerFusedAdam(): void {
  tf.serialization.registerClass(FusedAdam);
}
