import tf from '../util/tfjs.cjs';
import { ADADELTA_UPDATE_KERNEL, type AdadeltaUpdateAttrs } from '../backend/kernel-names.js';

/** tfjs-core's NamedTensor, which @tensorflow/tfjs does not re-export. */
type NamedTensor = { name: string; tensor: tf.Tensor };

interface SlotVariable {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Adadelta as Keras computes it. tfjs's AdadeltaOptimizer divides by the squared-gradient
 * average of the *previous* step, so its first step is plain SGD with the full learning
 * rate — with the classic example's learning rate 1.0 that wrecks a fresh CNN, which then
 * stays at chance. Keras (and Zeiler's paper) update the average first:
 *   a = rho·a + (1−rho)·g²;  u = g·√(d + ε)/√(a + ε);  d = rho·d + (1−rho)·u²;  p −= lr·u
 * Slot names and weight order match tfjs's Adadelta, so checkpoints look the same.
 */
export class KerasAdadelta extends tf.Optimizer {
  /** The name saved in a model's training config; `registerKerasOptimizers` makes it loadable. */
  static get className(): string {
    return 'KerasAdadelta';
  }

  private accumulatedGrads: SlotVariable[] = [];
  private accumulatedUpdates: SlotVariable[] = [];

  constructor(
    protected learningRate: number,
    protected rho: number,
    protected epsilon: number,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((item) => item.name) : Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      this.accumulatedGrads[i] ??= { originalName: `${name}/accum_grad`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      this.accumulatedUpdates[i] ??= { originalName: `${name}/accum_var`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const accumulatedGrad = this.accumulatedGrads[i].variable;
      const accumulatedUpdate = this.accumulatedUpdates[i].variable;
      const [newValue, newAccumulatedGrad, newAccumulatedUpdate] = this.update(value, accumulatedGrad, accumulatedUpdate, gradient);
      accumulatedGrad.assign(newAccumulatedGrad);
      accumulatedUpdate.assign(newAccumulatedUpdate);
      value.assign(newValue);
      tf.dispose([newValue, newAccumulatedGrad, newAccumulatedUpdate]);
    });
    this.incrementIterations();
  }

  /** The new value, accumulated squared gradients and accumulated squared updates of one variable. */
  private update(value: tf.Tensor, accumulatedGrad: tf.Tensor, accumulatedUpdate: tf.Tensor, gradient: tf.Tensor): tf.Tensor[] {
    if (tf.getKernel(ADADELTA_UPDATE_KERNEL, tf.getBackend()) !== undefined && gradient.dtype === 'float32') {
      const attrs: AdadeltaUpdateAttrs = { rho: this.rho, epsilon: this.epsilon, learningRate: this.learningRate };
      const inputs = { value, accumulatedGrad, accumulatedUpdate, gradient };
      return tf.engine().runKernel(ADADELTA_UPDATE_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    }
    return tf.tidy(() => {
      const newAccumulatedGrad = tf.add(tf.mul(accumulatedGrad, this.rho), tf.mul(tf.square(gradient), 1 - this.rho));
      const update = tf.mul(tf.div(tf.sqrt(tf.add(accumulatedUpdate, this.epsilon)), tf.sqrt(tf.add(newAccumulatedGrad, this.epsilon))), gradient);
      const newAccumulatedUpdate = tf.add(tf.mul(accumulatedUpdate, this.rho), tf.mul(tf.square(update), 1 - this.rho));
      return [tf.sub(value, tf.mul(update, this.learningRate)), newAccumulatedGrad, newAccumulatedUpdate];
    });
  }

  override dispose(): void {
    tf.dispose([...this.accumulatedGrads, ...this.accumulatedUpdates].map((slot) => slot.variable));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.accumulatedGrads, ...this.accumulatedUpdates];
    return [await this.saveIterations(), ...slots.map((slot) => ({ name: slot.originalName, tensor: slot.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    const half = values.length / 2;
    const toSlot = (entry: NamedTensor): SlotVariable => ({ originalName: entry.name, variable: entry.tensor.variable(false) });
    this.accumulatedGrads = values.slice(0, half).map(toSlot);
    this.accumulatedUpdates = values.slice(half).map(toSlot);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config.learningRate, config.rho, config.epsilon);
  }
}

/**
 * Makes kerasts's optimizers known to tfjs's deserializer, so a checkpoint saved with
 * `includeOptimizer` loads with its optimizer. Idempotent; called before building or loading.
 */
export function registerKerasOptimizers(): void {
  tf.serialization.registerClass(KerasAdadelta);
}
