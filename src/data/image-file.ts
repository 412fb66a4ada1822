import * as tf from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import { PNG } from 'pngjs';
import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';

/**
 * Reads a PNG as a model input: converted to the model's channel count (grey = mean of
 * RGB, as a luminance-free average), resized bilinearly to rows x cols, scaled to [0, 1],
 * laid out for the ordering. Returns a [1, ...shape] tensor.
 */
export async function readImageForModel(path: string, inputShape: number[], ordering: ImageDimOrdering): Promise<tf.Tensor4D> {
  let png: PNG;
  try {
    png = PNG.sync.read(await fs.readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError(`must be a PNG image. Received: ${reason}.`, { code: 'BAD_IMAGE', file: path });
  }
  const [rows, cols, channels] = ordering === 'tf' ? inputShape : [inputShape[1], inputShape[2], inputShape[0]];
  return tf.tidy(() => {
    // pngjs always decodes to RGBA, 8 bits per channel.
    const rgba = tf.tensor3d(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length), [png.height, png.width, 4], 'int32');
    const rgb = tf.slice(tf.cast(rgba, 'float32'), [0, 0, 0], [png.height, png.width, 3]);
    const wanted = channels === 1 ? tf.mean(rgb, 2, true) : rgb;
    const resized = tf.image.resizeBilinear(wanted as tf.Tensor3D, [rows, cols]);
    const scaled = tf.div(resized, 255);
    const laidOut = ordering === 'tf' ? scaled : tf.transpose(scaled, [2, 0, 1]);
    return tf.expandDims(laidOut, 0) as tf.Tensor4D;
  });
}
