/**
 * Names and attributes of kerasts's own kernels, as tfjs-core's kernel_names.ts does for its
 * kernels: the ops that call them (src/model, src/train) and the backends that register them
 * (src/backend/wasm) meet here. Each op composes tf ops itself on a backend without the kernel.
 */

/**
 * One variable's whole KerasAdadelta update. Inputs: value, accumulatedGrad,
 * accumulatedUpdate, gradient; outputs: the new value, accumulatedGrad and accumulatedUpdate.
 */
export const ADADELTA_UPDATE_KERNEL = 'KerasAdadeltaUpdate';

export interface AdadeltaUpdateAttrs {
  rho: number;
  epsilon: number;
  learningRate: number;
}

/**
 * One variable's whole (uncentered) RMSprop update, as tfjs's RMSPropOptimizer computes it.
 * Inputs: value, meanSquare, moment, gradient; outputs: the new value, meanSquare and moment.
 */
export const RMSPROP_UPDATE_KERNEL = 'KerastsRMSPropUpdate';

export interface RMSPropUpdateAttrs {
  /** tfjs's `decay`, Keras's rho: the weight of the old mean square. */
  rho: number;
  momentum: number;
  epsilon: number;
  learningRate: number;
}

/**
 * One variable's whole Adam update, as tfjs's AdamOptimizer computes it. Inputs: value,
 * firstMoment, secondMoment, gradient, and the step's bias corrections 1 - beta1^t and
 * 1 - beta2^t (float32 scalars, as tfjs keeps them); outputs: the new value and moments.
 */
export const ADAM_UPDATE_KERNEL = 'KerastsAdamUpdate';

export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** a*weightA + b*weightB for float32 tensors of one shape. Inputs: a, b. */
export const WEIGHTED_SUM_KERNEL = 'KerastsWeightedSum';

export interface WeightedSumAttrs {
  weightA: number;
  weightB: number;
}

/**
 * ReLU's gradient, dy * step(x), in one pass (tfjs-core's is Step, Cast and Multiply).
 * Inputs: dy, x (float32, one shape); no attributes.
 */
export const RELU_GRAD_KERNEL = 'KerastsReluGrad';

/**
 * x times a counter-based dropout mask (src/spec/layers/dropout.ts's fillDropoutMask, the mask
 * of x's own shape) hashed in place, so the mask is never drawn in JavaScript nor stored; its
 * gradient is the same kernel on dy. Input: x (float32, rows along axis 0).
 */
export const DROPOUT_KERNEL = 'KerastsDropout';

export interface DropoutAttrs {
  /** The layer's 32-bit word, the step's word, and the batch row of x's first row. */
  layer: number;
  step: number;
  row: number;
  rate: number;
}
