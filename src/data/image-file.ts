import tf from '../util/tfjs.cjs';
import type { ImageDimOrdering } from '../settings/constants.js';
import { decodeImage } from './images/decode.js';
import { scaleChannelsLast } from './images/directory.js';

/**
 * Reads a PNG or JPEG as a model input, decoded as the directory dataset decodes its images
 * (libvips: header checked first, grey as luminance, bilinear resize to rows x cols), scaled to
 * [0, 1] and laid out for the ordering. Returns a [1, ...shape] tensor.
 */
export async function readImageForModel(path: string, inputShape: number[], ordering: ImageDimOrdering): Promise<tf.Tensor4D> {
  const [rows, cols, channels] = (ordering === 'tf' ? inputShape : [inputShape[1], inputShape[2], inputShape[0]]) as [number, number, number];
  const { pixels } = await decodeImage(path, { rows, cols, colorMode: channels === 1 ? 'grayscale' : 'rgb', interpolation: 'bilinear' });
  const values = scaleChannelsLast(pixels, 1, [rows, cols, channels], ordering);
  return tf.tensor4d(values, [1, ...inputShape] as [number, number, number, number]);
}
