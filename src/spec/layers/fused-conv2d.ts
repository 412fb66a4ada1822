import tf from '../../util/tfjs.cjs';
import { reluGrad } from '../../backend/relu-grad.js';

/** The activations the FusedConv2D kernel applies itself and this op differentiates. */
export type FusedConvActivation = 'linear' | 'relu';

/** Strides and padding of a 2-D convolution (dilation 1). */
export interface ConvWindow {
  strides: [number, number];
  pad: 'valid' | 'same';
}

/** conv2d(x, filter) + bias, then the activation: tfjs-core's fused conv2d, forward and gradient. */
interface FusedConvArgs {
  /** NHWC batch. */
  x: tf.Tensor4D;
  filter: tf.Tensor4D;
  bias: tf.Tensor | null;
  window: ConvWindow;
  activation: FusedConvActivation;
  /**
   * False when `x` is data (nothing upstream is trainable and the caller wants no gradient
   * of it): the input gradient, a whole transposed convolution, is then not computed.
   */
  inputGradient: boolean;
}

/**
 * The gradients of a fused convolution, as tfjs-core 4.22's fused conv2d computes them
 * (conv2DBackpropInput, conv2DBackpropFilter, the bias's sum), in the order of the inputs
 * the op was given: x (when `inputGradient`), filter, bias (when there is one).
 */
function fusedConvGradients(args: FusedConvArgs, dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor[] {
  const { strides, pad } = args.window;
  const dyActivation = args.activation === 'relu' ? (reluGrad(dy, y) as tf.Tensor4D) : dy;
  const grads: tf.Tensor[] = [];
  if (args.inputGradient) grads.push(tf.conv2dTranspose(dyActivation, filter, x.shape, strides, pad));
  // What tfjs-core's conv2DBackpropFilter (not exported) runs for a 4-D NHWC batch.
  const filterAttrs = { strides, pad, dataFormat: 'NHWC', filterShape: filter.shape };
  grads.push(tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dyActivation }, filterAttrs as unknown as tf.NamedAttrMap) as tf.Tensor);
  if (args.bias !== null) {
    const axes = tf.backend_util.getReductionAxes(args.bias.shape, dyActivation.shape);
    grads.push(tf.reshape(axes.length > 0 ? tf.sum(dyActivation, axes) : dyActivation, args.bias.shape));
  }
  return grads;
}

/**
 * tfjs-core's fused conv2d (the same FusedConv2D kernel, the same gradient ops), except that
 * the image is an input of the gradient only when `inputGradient` is set. tfjs-core wraps
 * its fused convolution in one customGrad whose gradient computes the input, filter and bias
 * gradients together, so tfjs's tape, which prunes the gradient of an input that no variable
 * feeds, cannot skip the image's: for a model's first layer that is a transposed convolution
 * of the whole batch thrown away every step. Here the image, when it is data, is captured
 * (saved for the filter's gradient) instead of being an input.
 */
export function fusedConv2d(args: FusedConvArgs): tf.Tensor4D {
  const { x, filter, bias, window, activation, inputGradient } = args;
  const attrs = { strides: window.strides, pad: window.pad, dataFormat: 'NHWC', dilations: [1, 1], activation };
  const inputs = [...(inputGradient ? [x] : []), filter, ...(bias !== null ? [bias] : [])];
  const op = tf.customGrad((...opArgs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = opArgs[opArgs.length - 1] as tf.GradSaveFunc;
    const kernelInputs = { x, filter, ...(bias !== null ? { bias } : {}) };
    const y = tf.engine().runKernel(tf.FusedConv2D, kernelInputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    save([x, filter, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => fusedConvGradients(args, dy, saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, saved[2] as tf.Tensor4D),
    };
  });
  // Named, so that profiles and the bench's kernel shares say what the scope is.
  return tf.tidy('fusedConv2d', () => op(...inputs) as tf.Tensor4D);
}
