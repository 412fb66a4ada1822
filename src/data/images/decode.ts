import type { Sharp, SharpOptions } from 'sharp';
import { UserError } from '../../errors.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../../util/limits.js';
import { formatLimit, pathStatus, readRegularFile } from '../../util/read-file.js';
import type { ColorMode, Interpolation } from './options.js';

/** What every image of a dataset is turned into. */
export interface DecodeTarget {
  rows: number;
  cols: number;
  colorMode: ColorMode;
  interpolation: Interpolation;
}

/** One decoded image: `rows * cols * channels` bytes, row-major, channels last. */
export interface DecodedImage {
  pixels: Uint8Array;
  /** Whether the file itself holds colour (three colour channels), as opposed to grey levels. */
  colour: boolean;
}

type SharpFactory = (input: Uint8Array, options: SharpOptions) => Sharp;

let loaded: Promise<SharpFactory> | undefined;

/**
 * sharp (libvips) loads on the first image: commands that decode none are spared it.
 * libvips would otherwise use every core for each image and keep decoded files in its own
 * cache; kerasts decodes one image per thread, several images at once, and reads each once.
 */
function loadSharp(): Promise<SharpFactory> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/** Channels in the output for a colour mode. */
export function channelsFor(mode: ColorMode): number {
  return mode === 'rgb' ? 3 : 1;
}

/**
 * Decodes a PNG or JPEG with libvips (through sharp), resized to `rows x cols` and converted to
 * grey levels or sRGB as `target` says; alpha is dropped, as PIL's `convert('RGB')` in Keras.
 * A truncated or corrupt file (libvips warnings count as errors) or one over
 * {@link MAX_IMAGE_PIXELS} is a {@link UserError} naming the file.
 */
export async function decodeImage(path: string, target: DecodeTarget, hint?: string): Promise<DecodedImage> {
  const sharp = await loadSharp();
  const fail = (reason: string): UserError => new UserError(`must be a readable PNG or JPEG image. Received: ${reason}.`, { code: 'BAD_IMAGE', file: path, hint });
  try {
    // Regular files only: a FIFO or device would block or stream forever.
    const { stat: stats, what, missing } = await pathStatus(path);
    if (stats === undefined) throw fail(missing ? 'no such file' : what);
    if (!stats.isFile()) throw fail(stats.isDirectory() ? 'a folder' : what);
    if (stats.size > MAX_IMAGE_BYTES) throw fail(`${stats.size} bytes, over the limit of ${formatLimit(MAX_IMAGE_BYTES)}`);
    // metadata() reads the header only, so a file that claims a huge size is refused before any
    // pixel is decoded; sharp's own limitInputPixels stays on as a second guard.
    // libvips gets the bytes, not the path: a path swapped for a FIFO after the stat cannot
    // block a decoding thread (readRegularFile checks what it opened).
    const bytes = await readRegularFile(path, { what: 'image', code: 'BAD_IMAGE', maxBytes: MAX_IMAGE_BYTES });
    const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning', sequentialRead: true });
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    const pixels = (meta.width ?? 0) * (meta.height ?? 0);
    if (pixels > MAX_IMAGE_PIXELS) {
      throw new UserError(
        `must have at most ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} pixels. Received: a header claiming ${meta.width} x ${meta.height} = ${pixels.toLocaleString('en-US')}.`,
        { code: 'IMAGE_TOO_LARGE', file: path, hint: hint ?? 'Resize the image first; the model sees it at its input size anyway.' },
      );
    }
    if (meta.format !== 'png' && meta.format !== 'jpeg') throw fail(`a ${meta.format ?? 'unknown'} file`);
    const colourChannels = (meta.channels ?? 1) - (meta.hasAlpha ? 1 : 0);
    const kernel = target.interpolation === 'nearest' ? 'nearest' : 'linear';
    const { data, info } = await image
      .removeAlpha()
      .resize(target.cols, target.rows, { fit: 'fill', kernel })
      .toColourspace(target.colorMode === 'rgb' ? 'srgb' : 'b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const channels = channelsFor(target.colorMode);
    if (info.channels !== channels || data.length !== target.rows * target.cols * channels) {
      throw fail(`${info.channels} channels after conversion to ${target.colorMode}`);
    }
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), colour: colourChannels >= 3 };
  } catch (error) {
    if (error instanceof UserError) throw error;
    // libvips reports over several lines ("corrupt header:" then the reason): one line here.
    const lines = String((error as Error).message).split('\n').map((part) => part.trim()).filter(Boolean);
    throw fail([...new Set(lines)].join(' ').replace(/\.$/, ''));
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight; results keep the items' order.
 * sharp runs each decode on a libuv thread, so `limit` ≥ cores keeps every core busy.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
