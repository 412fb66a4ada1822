import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../util/limits.js';
import { readRegularFile } from '../util/read-file.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Width and height from a PNG's IHDR chunk (bytes 16-23, right after the signature and the
 * chunk's length and type), checked against {@link MAX_IMAGE_PIXELS} before anything is
 * decoded: a 389 KB file can claim 20000 x 20000 pixels, which pngjs would inflate to 1.6 GB
 * of RGBA and tfjs to several times that.
 */
export function checkPngHeader(bytes: Uint8Array, path: string): { width: number; height: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 24 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE) || buffer.toString('latin1', 12, 16) !== 'IHDR') {
    throw new UserError('must be a PNG image. Received: a file without the PNG signature and IHDR header.', { code: 'BAD_IMAGE', file: path });
  }
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new UserError(
      `must have at most ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} pixels. Received: a header claiming ${width} x ${height} = ${(width * height).toLocaleString('en-US')}.`,
      { code: 'IMAGE_TOO_LARGE', file: path, hint: 'Resize the image first; the model sees it at its input size anyway.' },
    );
  }
  return { width, height };
}

/**
 * Reads a PNG as a model input: converted to the model's channel count (grey = mean of
 * RGB, as a luminance-free average), resized bilinearly to rows x cols, scaled to [0, 1],
 * laid out for the ordering. Returns a [1, ...shape] tensor. Only a regular file of at most
 * {@link MAX_IMAGE_BYTES} whose header passes {@link checkPngHeader} is decoded.
 */
export async function readImageForModel(path: string, inputShape: number[], ordering: ImageDimOrdering): Promise<tf.Tensor4D> {
  const bytes = await readRegularFile(path, {
    what: 'PNG image',
    code: 'BAD_IMAGE',
    maxBytes: MAX_IMAGE_BYTES,
    missing: () => new UserError('must be a PNG image. Received: no such file.', { code: 'BAD_IMAGE', file: path }),
  });
  checkPngHeader(bytes, path);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new UserError(`must be a PNG image. Received: ${(error as Error).message}.`, { code: 'BAD_IMAGE', file: path });
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
