/** PNG encoding of raw 8-bit images with pngjs, and atomic writing. */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { RasterImage } from './filter-grid.js';

/** Encodes an image as an 8-bit PNG: grayscale (colour type 0) or RGB (colour type 2), no alpha. */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, channels, pixels } = image;
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`encodePng: ${width} x ${height} x ${channels} needs ${width * height * channels} bytes. Received: ${pixels.length}.`);
  }
  const colorType = channels === 1 ? 0 : 2;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8 });
  // pngjs reads `data` in the input colour type, so the raw gray/RGB bytes go in unchanged.
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8 });
}

/**
 * Checks that `path` can be written as a file: its directory exists and it is not itself a
 * directory. We do not create directories: a mistyped `--out` should not scatter folders.
 */
export async function checkOutputPath(path: string, flag = '--out'): Promise<void> {
  const dir = dirname(resolve(path));
  const dirStat = await fs.stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    throw new UserError(`The output directory must exist. Received: ${path} (no directory ${dirname(path)}).`, {
      code: 'OUTPUT_DIR_MISSING',
      location: flag,
    });
  }
  const fileStat = await fs.stat(path).catch(() => undefined);
  if (fileStat?.isDirectory()) {
    throw new UserError(`The output must be a file path. Received: ${path}, a directory.`, { location: flag, hint: `Use e.g. ${path}/filters.png.` });
  }
}

/** Encodes `image` as PNG and writes it to `path` through a temporary file and a rename. */
export async function writePngAtomic(path: string, image: RasterImage): Promise<void> {
  await checkOutputPath(path);
  await writeFileAtomic(path, encodePng(image));
}
