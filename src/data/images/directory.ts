import { availableParallelism } from 'node:os';
import { UserError } from '../../errors.js';
import type { ImageDimOrdering } from '../../settings/constants.js';
import { seededRandom, shuffleInPlace } from '../../util/random.js';
import { imageShapeFor, type ImageShape, type Split } from '../preprocess.js';
import { formatBytes } from '../progress.js';
import { ImageCache } from './cache.js';
import { channelsFor, decodeImage, mapLimit, type DecodedImage, type DecodeTarget } from './decode.js';
import { DEFAULT_COLOR_MODE, DEFAULT_DIRECTORY_SEED, DEFAULT_IMAGE_SIZE, type DirectoryOptions } from './options.js';
import { scanClassFolders, type ClassFolders, type ImageEntry } from './scan.js';

/** How one folder tree was read: how many images came from the cache and how fast the rest decoded. */
export interface DecodeStats {
  images: number;
  cached: number;
  decoded: number;
  skipped: number;
  seconds: number;
}

/** A folder tree decoded: its images (uint8, channels last) in the folder order, with labels. */
export interface DecodedFolders {
  folders: ClassFolders;
  entries: ImageEntry[];
  pixels: Uint8Array;
  labels: Uint8Array;
  stats: DecodeStats;
}

/** The decoding options a spec's directory fields stand for, defaults filled in. */
export function decodeTarget(options: Pick<DirectoryOptions, 'image_size' | 'color_mode' | 'interpolation'>): DecodeTarget {
  const [rows, cols] = options.image_size ?? DEFAULT_IMAGE_SIZE;
  return { rows, cols, colorMode: options.color_mode ?? DEFAULT_COLOR_MODE, interpolation: options.interpolation ?? 'bilinear' };
}

/**
 * Decodes every image of a class-folder tree, taking unchanged files from the cache and
 * decoding the others (new or changed files alone) on every core, then refreshing the cache.
 */
export async function decodeFolders(root: string, target: DecodeTarget, options: { role?: string; skipBad?: boolean; home?: string; log?: (line: string) => void; concurrency?: number } = {}): Promise<DecodedFolders> {
  const started = performance.now();
  const folders = await scanClassFolders(root, options.role);
  const imageBytes = target.rows * target.cols * channelsFor(target.colorMode);
  const cache = await ImageCache.open(root, target, imageBytes, options.home);
  const images: Array<DecodedImage | undefined> = folders.entries.map((entry) => cache.get(entry));
  const missing = images.flatMap((image, i) => (image ? [] : [i]));
  const bad: string[] = [];
  // Two images per core in flight: one decoding while the next file is read.
  await mapLimit(missing, options.concurrency ?? 2 * availableParallelism(), async (i) => {
    try {
      images[i] = await decodeImage(folders.entries[i]!.path, target, 'Fix or remove it, or set dataset.skip_bad_images to skip such files.');
    } catch (error) {
      if (!(options.skipBad && error instanceof UserError)) throw error;
      bad.push(folders.entries[i]!.path);
    }
  });
  if (bad.length > 0) options.log?.(`Skipped ${bad.length} unreadable image${bad.length === 1 ? '' : 's'} (skip_bad_images), e.g. ${bad[0]}.`);
  const kept = folders.entries.flatMap((entry, i) => (images[i] ? [{ entry, image: images[i]! }] : []));
  checkColour(kept, target, root);
  const entries = kept.map((item) => item.entry);
  if (!cache.matches(entries)) await cache.save(entries, kept.map((item) => item.image));
  const pixels = new Uint8Array(kept.length * imageBytes);
  kept.forEach((item, i) => pixels.set(item.image.pixels, i * imageBytes));
  const labels = Uint8Array.from(entries, (entry) => entry.label);
  const stats = { images: kept.length, cached: folders.entries.length - missing.length, decoded: missing.length - bad.length, skipped: bad.length, seconds: (performance.now() - started) / 1000 };
  return { folders, entries, pixels, labels, stats };
}

/**
 * Grey and colour files mixed under `color_mode: "grayscale"` are refused: the colour ones
 * would lose their colour silently (Keras converts them without a word). All-colour data
 * asked for as grayscale is taken as the user's choice.
 */
function checkColour(kept: Array<{ entry: ImageEntry; image: DecodedImage }>, target: DecodeTarget, root: string): void {
  if (target.colorMode !== 'grayscale') return;
  const colour = kept.filter((item) => item.image.colour);
  if (colour.length > 0 && colour.length < kept.length) {
    throw new UserError(
      `color_mode "grayscale" cannot be honoured for a mix of grey and colour images: the colour ones would lose their colour. Received: ${colour.length} colour and ${kept.length - colour.length} grey images (e.g. ${colour[0]!.entry.path}).`,
      { code: 'DATA_MIXED_COLOUR', file: root, location: 'dataset.color_mode', hint: 'Use color_mode "rgb", or convert the colour images to grey.' },
    );
  }
}

/** Uint8 channels-last pixels as float32 in [0, 1], laid out for the ordering. */
export function scaleChannelsLast(pixels: Uint8Array, count: number, [rows, cols, channels]: [number, number, number], ordering: ImageDimOrdering): Float32Array {
  const out = new Float32Array(count * rows * cols * channels);
  if (ordering === 'tf' || channels === 1) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i]! / 255;
    return out;
  }
  const plane = rows * cols;
  for (let n = 0; n < count; n++) {
    const base = n * plane * channels;
    for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[base + c * plane + p] = pixels[base + p * channels + c]! / 255;
  }
  return out;
}

/** The split of some of `decoded`'s images, in the order `order` gives. */
function toSplit(decoded: DecodedFolders, order: ArrayLike<number>, hwc: [number, number, number], ordering: ImageDimOrdering): Split {
  const size = hwc[0] * hwc[1] * hwc[2];
  const pixels = new Uint8Array(order.length * size);
  const labels = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const from = order[i]!;
    pixels.set(decoded.pixels.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = decoded.labels[from]!;
  }
  return { images: scaleChannelsLast(pixels, order.length, hwc, ordering), labels, count: order.length };
}

/** The `directory` dataset, loaded: both splits, class names and how it was read. */
export interface DirectoryDataset {
  source: string;
  classNames: string[];
  imageShape: ImageShape;
  train: Split;
  test: Split;
  /** The load line: counts, memory and decode figures. */
  summary: string;
  stats: DecodeStats[];
}

/**
 * Loads a class-folder dataset as Keras's `image_dataset_from_directory`: training images
 * shuffled once with `seed` (so `validation_split`, which takes the last part, draws from every
 * class), test images from `test_path` in folder order (none without it).
 */
export async function loadDirectory(options: DirectoryOptions, ordering: ImageDimOrdering, extra: { limit?: number; home?: string; log?: (line: string) => void } = {}): Promise<DirectoryDataset> {
  const target = decodeTarget(options);
  const hwc: [number, number, number] = [target.rows, target.cols, channelsFor(target.colorMode)];
  const common = { skipBad: options.skip_bad_images, home: extra.home, log: extra.log };
  const train = await decodeFolders(options.path, target, { ...common, role: 'dataset.path' });
  const test = options.test_path ? await decodeFolders(options.test_path, target, { ...common, role: 'dataset.test_path' }) : undefined;
  if (test && test.folders.classNames.join('\u0000') !== train.folders.classNames.join('\u0000')) {
    throw new UserError(`dataset.test_path must have the same class folders as dataset.path (${train.folders.classNames.join(', ')}). Received: ${test.folders.classNames.join(', ')}.`, {
      code: 'DATA_CLASSES_DIFFER',
      file: options.test_path,
    });
  }
  const order = Uint32Array.from(train.entries, (_, i) => i);
  shuffleInPlace(order, seededRandom(options.seed ?? DEFAULT_DIRECTORY_SEED));
  const limited = (indices: Uint32Array) => (extra.limit !== undefined ? indices.subarray(0, extra.limit) : indices);
  const trainSplit = toSplit(train, limited(order), hwc, ordering);
  const testSplit = test ? toSplit(test, limited(Uint32Array.from(test.entries, (_, i) => i)), hwc, ordering) : { images: new Float32Array(0), labels: new Uint8Array(0), count: 0 };
  const bytes = (trainSplit.images.byteLength + testSplit.images.byteLength);
  const decodeLine = (name: string, s: DecodeStats) =>
    `${name}: ${s.images} images, ${s.cached} from the cache, ${s.decoded} decoded${s.decoded > 0 ? ` at ${Math.round(s.decoded / Math.max(s.seconds, 1e-6))} images/s` : ''}${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
  const summary = [
    `${train.folders.classNames.length} classes (${train.folders.classNames.join(', ')})`,
    `${target.rows}x${target.cols} ${target.colorMode}`,
    decodeLine('train', train.stats),
    ...(test ? [decodeLine('test', test.stats)] : []),
    `${formatBytes(bytes)} in memory as float32`,
  ].join('; ');
  return {
    source: options.test_path ? `${options.path} and ${options.test_path}` : options.path,
    classNames: train.folders.classNames,
    imageShape: imageShapeFor(hwc[0], hwc[1], hwc[2], ordering),
    train: trainSplit,
    test: testSplit,
    summary,
    stats: test ? [train.stats, test.stats] : [train.stats],
  };
}
