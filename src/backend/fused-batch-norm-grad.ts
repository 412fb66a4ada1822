import tf from '../util/tfjs.cjs';

/**
 * tfjs-core 4.22's FusedBatchNorm gradient sums over the batch and spatial axes only when
 * the mean is 1-D (channels last). tfjs-layers gives it a broadcast mean of shape
 * (1, C, 1, 1) for a BatchNormalization over axis 1, i.e. every BatchNormalization under
 * "th", and the unsummed gradient then fails to reshape ("Size(288) must match the product
 * of shape 1,2,1,1") on every backend. This is the same gradient, reduced over whatever
 * axes the mean was broadcast along, so both layouts train.
 */
const fusedBatchNormGrad: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const dyTensor = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    // Back to the shape of mean, variance, scale and offset, which share one shape.
    const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyTensor, scaleValue);
    const oneOverSqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), tf.scalar(-0.5));
    return {
      x: () => tf.reshape(tf.mul(tf.mul(dyTensor, oneOverSqrtVariance), scaleValue), x.shape),
      mean: () => reduce(tf.mul(tf.mul(oneOverSqrtVariance, tf.scalar(-1)), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(dyTensor, tf.mul(xMinusMean, oneOverSqrtVariance))),
      offset: () => reduce(dyTensor),
    };
  },
};

/** Replaces tfjs-core's FusedBatchNorm gradient with the one above (idempotent; all backends). */
export function registerFusedBatchNormGradient(): void {
  tf.registerGradient(fusedBatchNormGrad);
}
