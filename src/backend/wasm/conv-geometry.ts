import * as tf from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** Attributes shared by the two convolution-gradient kernels. */
export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

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

/** NCHW shape -> NHWC shape. */
export function toNhwcShape(shape: number[], dataFormat: 'NHWC' | 'NCHW'): [number, number, number, number] {
  const [a, b, c, d] = shape as [number, number, number, number];
  return dataFormat === 'NCHW' ? [a, c, d, b] : [a, b, c, d];
}

/** Transposes an NCHW tensor to NHWC (no-op for NHWC); callers convert back at the end. */
export function toNhwc(x: tf.Tensor4D, dataFormat: 'NHWC' | 'NCHW'): tf.Tensor4D {
  return dataFormat === 'NCHW' ? tf.transpose(x, [0, 2, 3, 1]) : x;
}
