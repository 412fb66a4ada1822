import tf from '../util/tfjs.cjs';
import { RELU_GRAD_KERNEL } from './kernel-names.js';

/**
 * ReLU's gradient: dy where x > 0, else 0 (tfjs-core's mul(dy, cast(step(x)))). One kernel
 * on a backend that has RELU_GRAD_KERNEL (wasm), else those tf ops; the two agree bit for bit.
 */
export function reluGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend()) !== undefined && dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape)) {
    return tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x }, {}) as tf.Tensor;
  }
  return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
}

/** tfjs-core's Relu gradient (the same inputs saved and the same values), through `reluGrad`. */
const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => reluGrad(dy as tf.Tensor, x) };
  },
};

/** Replaces tfjs-core's Relu gradient with the one above (idempotent; all backends). */
export function registerReluGradient(): void {
  tf.registerGradient(reluGradConfig);
}
