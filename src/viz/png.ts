/** PNG encoding of raw 8-bit images with pngjs, and atomic writing. */
import { constants, promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { UserError } from '../errors.js';
import { checkNotLocked } from '../run/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { describeFileSystemError, pseudoFileSystem } from '../util/fs-error.js';
import { pathStatus } from '../util/read-file.js';
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
 * Checks that `path` can be written as a file: its directory exists, is writable and on a
 * disk, and `path` is not a directory, pipe or device. We do not create directories: a
 * mistyped `--out` should not scatter folders.
 */
export async function checkOutputPath(path: string, flag = '--out'): Promise<void> {
  const dir = dirname(resolve(path));
  const folder = await pathStatus(dir);
  if (!folder.stat?.isDirectory()) {
    const why = folder.missing ? `no directory ${dirname(path)}` : `${dirname(path)} is ${folder.stat ? folder.what : `not usable: ${folder.what}`}`;
    throw new UserError(`its folder must exist. Received: ${path} (${why}).`, { code: 'OUTPUT_DIR_MISSING', location: flag });
  }
  const target = await pathStatus(path);
  if (target.stat?.isDirectory()) {
    throw new UserError(`must be a file path. Received: ${path}, a directory.`, { location: flag, hint: `Use e.g. ${path}/filters.png.` });
  }
  const notFile = target.stat !== undefined && !target.stat.isFile();
  if (notFile || (target.stat === undefined && !target.missing)) {
    throw new UserError(`must be a file path. Received: ${path}, ${target.what}.`, { code: 'OUTPUT_NOT_A_FILE', location: flag });
  }
  // A picture or page written into a run a train is writing: refused, naming the holder.
  await checkNotLocked(dir);
  const pseudo = await pseudoFileSystem(dir);
  if (pseudo !== undefined) throw new UserError(`must go to a disk. Received: ${path}, on the ${pseudo} pseudo file system.`, { code: 'OUTPUT_UNUSABLE', location: flag });
  // access(2) says EROFS for a read-only mount even to root, for whom chmod means nothing.
  await fs.access(dir, constants.W_OK).catch((error: unknown) => {
    throw describeFileSystemError(error, `could not write ${path}`);
  });
}

/** Encodes `image` as PNG and writes it to `path` through a temporary file and a rename. */
export async function writePngAtomic(path: string, image: RasterImage): Promise<void> {
  await checkOutputPath(path);
  await writeFileAtomic(path, encodePng(image));
}
