import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import type { ImageDimOrdering } from '../../settings/constants.js';
import { maxInMemoryBytes } from '../../util/limits.js';
import { seededRandom, shuffleInPlace } from '../../util/random.js';
import { imageShapeFor, type ImageShape, type Split } from '../preprocess.js';
import { ImageCache } from './cache.js';
import { CacheRows } from './cache-rows.js';
import { scaleChannelsLast } from './scale.js';
export { scaleChannelsLast } from './scale.js';
import { SpillFile, type PixelFile } from './pixel-file.js';
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

/**
 * A folder tree decoded: its images (uint8, channels last) in the folder order, with labels:
 * all in `pixels`, or, when the caller chose to stream them (`hold` said no), in `file`, the
 * open cache file.
 */
export interface DecodedFolders {
  folders: ClassFolders;
  entries: ImageEntry[];
  pixels?: Uint8Array;
  file?: PixelFile;
  labels: Uint8Array;
  stats: DecodeStats;
}

/** The decoding options a spec's directory fields stand for, defaults filled in. */
export function decodeTarget(options: Pick<DirectoryOptions, 'image_size' | 'color_mode' | 'interpolation'>): DecodeTarget {
  const [rows, cols] = options.image_size ?? DEFAULT_IMAGE_SIZE;
  return { rows, cols, colorMode: options.color_mode ?? DEFAULT_COLOR_MODE, interpolation: options.interpolation ?? 'bilinear' };
}

export interface DecodeFoldersOptions {
  role?: string;
  skipBad?: boolean;
  home?: string;
  log?: (line: string) => void;
  concurrency?: number;
  /** Whether to hold the tree's `count` images in memory (default yes); no leaves them in the cache file only. */
  hold?: (count: number) => boolean;
}

/** Newly decoded images until the cache is rewritten: held, or parked in a spill file when the tree is streamed. */
class NewImages {
  private readonly held = new Map<number, DecodedImage>();
  private readonly parked = new Map<number, { slot: number; colour: boolean }>();

  constructor(private readonly spill?: SpillFile) {}

  add(i: number, image: DecodedImage): void {
    if (this.spill === undefined) {
      this.held.set(i, image);
      return;
    }
    const slot = this.parked.size;
    this.spill.write(slot, image.pixels);
    this.parked.set(i, { slot, colour: image.colour });
  }

  colour(i: number): boolean | undefined {
    return this.held.get(i)?.colour ?? this.parked.get(i)?.colour;
  }

  get(i: number): DecodedImage | undefined {
    const parked = this.parked.get(i);
    return parked && this.spill ? { pixels: this.spill.read(parked.slot), colour: parked.colour } : this.held.get(i);
  }

  close(): void {
    this.held.clear();
    this.spill?.close();
  }
}

/**
 * Decodes every image of a class-folder tree, taking unchanged files from the cache and
 * decoding the others (new or changed files alone) on every core, then refreshing the cache.
 * A tree that is not to be held (`hold`) keeps nothing in memory: new images wait in a spill
 * file and cached ones are copied record by record while the cache is rewritten.
 */
export async function decodeFolders(root: string, target: DecodeTarget, options: DecodeFoldersOptions = {}): Promise<DecodedFolders> {
  const started = performance.now();
  const folders = await scanClassFolders(root, options.role);
  const imageBytes = target.rows * target.cols * channelsFor(target.colorMode);
  const cache = await ImageCache.open(root, target, imageBytes, options.home);
  const hold = options.hold?.(folders.entries.length) ?? true;
  const missing = folders.entries.flatMap((entry, i) => (cache.has(entry) ? [] : [i]));
  if (!hold && missing.length > 0) await fs.mkdir(cache.dir, { recursive: true });
  const decoded = new NewImages(!hold && missing.length > 0 ? new SpillFile(join(cache.dir, `decoding-${process.pid}-${Date.now()}.tmp`), imageBytes) : undefined);
  try {
    const bad = new Set<number>();
    // Two images per core in flight: one decoding while the next file is read.
    await mapLimit(missing, options.concurrency ?? 2 * availableParallelism(), async (i) => {
      try {
        decoded.add(i, await decodeImage(folders.entries[i]!.path, target, 'Fix or remove it, or set dataset.skip_bad_images to skip such files.'));
      } catch (error) {
        if (!(options.skipBad && error instanceof UserError)) throw error;
        bad.add(i);
      }
    });
    if (bad.size > 0) options.log?.(`Skipped ${bad.size} unreadable image${bad.size === 1 ? '' : 's'} (skip_bad_images), e.g. ${folders.entries[[...bad].reduce((a, b) => Math.min(a, b))]!.path}.`);
    const keptIndices = folders.entries.flatMap((_, i) => (bad.has(i) ? [] : [i]));
    const entries = keptIndices.map((i) => folders.entries[i]!);
    checkColour(entries, keptIndices.map((i) => decoded.colour(i) ?? cache.colour(folders.entries[i]!)!), target, root);
    if (!cache.matches(entries)) await cache.save(entries, (k) => decoded.get(keptIndices[k]!));
    const file = cache.pixelFile!;
    const labels = Uint8Array.from(entries, (entry) => entry.label);
    const stats = { images: entries.length, cached: folders.entries.length - missing.length, decoded: missing.length - bad.size, skipped: bad.size, seconds: (performance.now() - started) / 1000 };
    if (!hold) return { folders, entries, file, labels, stats };
    // A held tree needs the file no longer: its descriptor is given back now rather than at collection.
    const pixels = file.readAll();
    file.close();
    return { folders, entries, pixels, labels, stats };
  } finally {
    decoded.close();
  }
}

/**
 * Grey and colour files mixed under `color_mode: "grayscale"` are refused: the colour ones
 * would lose their colour silently (Keras converts them without a word). All-colour data
 * asked for as grayscale is taken as the user's choice.
 */
function checkColour(kept: ImageEntry[], colours: boolean[], target: DecodeTarget, root: string): void {
  if (target.colorMode !== 'grayscale') return;
  const colour = kept.filter((_, i) => colours[i]);
  if (colour.length > 0 && colour.length < kept.length) {
    throw new UserError(
      `color_mode "grayscale" cannot be honoured for a mix of grey and colour images: the colour ones would lose their colour. Received: ${colour.length} colour and ${kept.length - colour.length} grey images (e.g. ${colour[0]!.path}).`,
      { code: 'DATA_MIXED_COLOUR', file: root, location: 'dataset.color_mode', hint: 'Use color_mode "rgb", or convert the colour images to grey.' },
    );
  }
}

/** The split of some of `decoded`'s images, in the order `order` gives. */
function toSplit(decoded: DecodedFolders, order: Uint32Array, hwc: [number, number, number], ordering: ImageDimOrdering): Split {
  const labels = Uint8Array.from(order, (from) => decoded.labels[from]!);
  if (decoded.pixels === undefined) return { images: new Float32Array(0), labels, count: order.length, streamed: new CacheRows(decoded.file!, order, hwc, ordering) };
  const held = decoded.pixels;
  const size = hwc[0] * hwc[1] * hwc[2];
  const pixels = new Uint8Array(order.length * size);
  for (let i = 0; i < order.length; i++) pixels.set(held.subarray(order[i]! * size, (order[i]! + 1) * size), i * size);
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

/** What `loadDirectory` takes besides the options: `limit`, the cache's home, notices, the in-memory limit. */
export interface DirectoryLoadExtra {
  limit?: number;
  home?: string;
  log?: (line: string) => void;
  /** Largest split, in uint8 bytes, held in memory; default `maxInMemoryBytes()` (limits.ts). */
  maxInMemoryBytes?: number;
}

/**
 * Loads a class-folder dataset as Keras's `image_dataset_from_directory`: training images
 * shuffled once with `seed` (so `validation_split`, which takes the last part, draws from every
 * class), test images from `test_path` in folder order (none without it).
 */
export async function loadDirectory(options: DirectoryOptions, ordering: ImageDimOrdering, extra: DirectoryLoadExtra = {}): Promise<DirectoryDataset> {
  const target = decodeTarget(options);
  const hwc: [number, number, number] = [target.rows, target.cols, channelsFor(target.colorMode)];
  const maxBytes = extra.maxInMemoryBytes ?? maxInMemoryBytes();
  // A split over the limit (its uint8 size, after `limit`) stays in the cache file and is streamed.
  const hold = (count: number) => Math.min(count, extra.limit ?? count) * hwc[0] * hwc[1] * hwc[2] <= maxBytes;
  const common = { skipBad: options.skip_bad_images, home: extra.home, log: extra.log, hold };
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
  const decodeLine = (name: string, s: DecodeStats) =>
    `${name}: ${s.images} images, ${s.cached} from the cache, ${s.decoded} decoded${s.decoded > 0 ? ` at ${Math.round(s.decoded / Math.max(s.seconds, 1e-6))} images/s` : ''}${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
  const summary = [
    `${train.folders.classNames.length} classes (${train.folders.classNames.join(', ')})`,
    `${target.rows}x${target.cols} ${target.colorMode}`,
    decodeLine('train', train.stats),
    ...(test ? [decodeLine('test', test.stats)] : []),
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
