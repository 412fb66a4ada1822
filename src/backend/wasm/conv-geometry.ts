import tf from '../../util/tfjs.cjs';

/** Attributes shared by the two convolution-gradient kernels (tfjs-core's types). */
export type ConvGradAttrs = Pick<tf.Conv2DBackpropFilterAttrs & tf.Conv2DBackpropInputAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>;

/**
 * The forward convolution's geometry (output size, strides, the padding actually applied on
 * each side) for an NHWC input, computed by tfjs itself so that every padding form the spec
 * allows — valid, same, a number, explicit per-side pairs — is read the same way tfjs reads it.
 */
export function convGeometry(
  xShapeNhwc: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvGradAttrs,
): tf.backend_util.Conv2DInfo {
  // The wasm Conv2D itself refuses NCHW (tfjs-layers transposes channels-first input to
  // NHWC before convolving), so its gradients only ever see NHWC.
  if (attrs.dataFormat !== 'NHWC') throw new Error(`wasm convolution gradients take NHWC data; received ${attrs.dataFormat}`);
  return tf.backend_util.computeConv2DInfo(
    xShapeNhwc,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}
