import type { ImageDimOrdering } from '../../settings/constants.js';
import { seededRandom } from '../../util/random.js';
import type { ImageShape } from '../preprocess.js';
import type { AugmentationOptions, FillMode } from './options.js';

/** What makes an augmenter: enough to build the same one in a worker thread. */
export interface AugmenterSpec {
  options: AugmentationOptions;
  shape: ImageShape;
  ordering: ImageDimOrdering;
  seed: number;
}

/**
 * Augments a gathered batch in place; `indices` are the samples' positions in the training set.
 * `spec` rebuilds the same augmenter elsewhere (a gradient worker augmenting its own rows).
 */
export type BatchAugmenter = ((x: Float32Array, indices: ArrayLike<number>, epoch: number) => void) & { spec?: AugmenterSpec };

/** One image's random transform, drawn as Keras's `ImageDataGenerator.get_random_transform`. */
interface Transform {
  theta: number;
  tx: number;
  ty: number;
  zx: number;
  zy: number;
  flipH: boolean;
  flipV: boolean;
}

/** Where an index outside [0, n) reads from, per `fill_mode`; -1 means `cval` (constant). */
function fillIndex(k: number, n: number, mode: FillMode): number {
  if (k >= 0 && k < n) return k;
  switch (mode) {
    case 'nearest':
      return k < 0 ? 0 : n - 1;
    case 'wrap':
      return ((k % n) + n) % n;
    case 'reflect': {
      // scipy's "reflect" (d c b a | a b c d | d c b a): period 2n, mirrored about the edges.
      const m = ((k % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'constant':
      return -1;
  }
}

function drawTransform(options: AugmentationOptions, rows: number, cols: number, random: () => number): Transform {
  const uniform = (low: number, high: number) => low + (high - low) * random();
  const rotation = options.rotation_range ?? 0;
  const theta = rotation > 0 ? (uniform(-rotation, rotation) * Math.PI) / 180 : 0;
  const h = options.height_shift_range ?? 0;
  const w = options.width_shift_range ?? 0;
  const tx = h > 0 ? uniform(-h, h) * rows : 0;
  const ty = w > 0 ? uniform(-w, w) * cols : 0;
  const zoom = options.zoom_range ?? 0;
  const [zLow, zHigh] = typeof zoom === 'number' ? [1 - zoom, 1 + zoom] : zoom;
  const zoomed = zLow !== 1 || zHigh !== 1;
  const zx = zoomed ? uniform(zLow, zHigh) : 1;
  const zy = zoomed ? uniform(zLow, zHigh) : 1;
  const flipH = options.horizontal_flip === true && random() < 0.5;
  const flipV = options.vertical_flip === true && random() < 0.5;
  return { theta, tx, ty, zx, zy, flipH, flipV };
}

/** Whether the options change anything at all (an all-zero augmentation is none). */
export function augments(options: AugmentationOptions | undefined): options is AugmentationOptions {
  if (!options) return false;
  const zoom = options.zoom_range ?? 0;
  return Boolean(options.width_shift_range || options.height_shift_range || options.horizontal_flip || options.vertical_flip || options.rotation_range || (typeof zoom === 'number' ? zoom : zoom[0] !== 1 || zoom[1] !== 1));
}

/**
 * Keras's `ImageDataGenerator` geometric augmentation for training batches: each image gets its
 * own rotation, shift, zoom and flips, sampled bilinearly (Keras's `interpolation_order=1`) with
 * `fill_mode` outside the image. The draw depends only on (seed, epoch, sample), so a resumed or
 * repeated run sees the same images whatever the batch size or order. Undefined when the options
 * change nothing.
 */
export function makeAugmenter(options: AugmentationOptions | undefined, shape: ImageShape, ordering: ImageDimOrdering, seed: number): BatchAugmenter | undefined {
  if (!augments(options)) return undefined;
  const [rows, cols, channels] = ordering === 'tf' ? shape : [shape[1], shape[2], shape[0]];
  // Strides of (row, col, channel) in one image for either layout.
  const [rowStride, colStride, chStride] = ordering === 'tf' ? [cols * channels, channels, 1] : [cols, 1, rows * cols];
  const size = rows * cols * channels;
  const source = new Float32Array(size);
  const mode = options.fill_mode ?? 'nearest';
  const cval = options.cval ?? 0;
  const rowMap = fillTable(rows, mode);
  const colMap = fillTable(cols, mode);
  const scratch = { rowMap, colMap, rows, cols, channels, rowStride, colStride, chStride, cval };
  const augment: BatchAugmenter = (x, indices, epoch) => {
    for (let i = 0; i < indices.length; i++) {
      const random = seededRandom(Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77) ^ Math.imul(indices[i]! + 1, 0xc2b2ae3d));
      const t = drawTransform(options, rows, cols, random);
      const image = x.subarray(i * size, (i + 1) * size);
      source.set(image);
      warp(image, source, t, scratch);
    }
  };
  augment.spec = { options, shape, ordering, seed };
  return augment;
}

/** Source index for every integer coordinate in [-2n, 3n): fill_mode resolved once, not per pixel (-1 = cval). */
interface FillTable {
  map: Int32Array;
  offset: number;
}

function fillTable(n: number, mode: FillMode): FillTable {
  const offset = 2 * n;
  const map = Int32Array.from({ length: 5 * n }, (_, i) => fillIndex(i - offset, n, mode));
  return { map, offset };
}

/** The table entry for coordinate k; farther out than the table reaches counts as its last entry. */
function lookup(table: FillTable, k: number): number {
  const i = k + table.offset;
  return table.map[i < 0 ? 0 : i >= table.map.length ? table.map.length - 1 : i]!;
}

interface WarpGeometry {
  rowMap: FillTable;
  colMap: FillTable;
  rows: number;
  cols: number;
  channels: number;
  rowStride: number;
  colStride: number;
  chStride: number;
  cval: number;
}

/**
 * Output (r, c) reads input C + R·(Z·(out − C)) + shift, bilinearly; the flips mirror the output.
 */
function warp(out: Float32Array, src: Float32Array, t: Transform, g: WarpGeometry): void {
  const { rows, cols, channels, rowStride, colStride, chStride, cval } = g;
  const cos = Math.cos(t.theta);
  const sin = Math.sin(t.theta);
  const cr = (rows - 1) / 2;
  const cc = (cols - 1) / 2;
  for (let r = 0; r < rows; r++) {
    const dr = ((t.flipV ? rows - 1 - r : r) - cr) * t.zx;
    for (let c = 0; c < cols; c++) {
      const dc = ((t.flipH ? cols - 1 - c : c) - cc) * t.zy;
      const sr = cos * dr - sin * dc + cr + t.tx;
      const sc = sin * dr + cos * dc + cc + t.ty;
      const r0 = Math.floor(sr);
      const c0 = Math.floor(sc);
      const fr = sr - r0;
      const fc = sc - c0;
      const ra = lookup(g.rowMap, r0);
      const rb = lookup(g.rowMap, r0 + 1);
      const ca = lookup(g.colMap, c0);
      const cb = lookup(g.colMap, c0 + 1);
      const at = r * rowStride + c * colStride;
      const w00 = (1 - fr) * (1 - fc);
      const w01 = (1 - fr) * fc;
      const w10 = fr * (1 - fc);
      const w11 = fr * fc;
      if (ra >= 0 && rb >= 0 && ca >= 0 && cb >= 0) {
        const i00 = ra * rowStride + ca * colStride;
        const i01 = ra * rowStride + cb * colStride;
        const i10 = rb * rowStride + ca * colStride;
        const i11 = rb * rowStride + cb * colStride;
        for (let ch = 0, base = 0; ch < channels; ch++, base += chStride) {
          out[at + base] = src[base + i00]! * w00 + src[base + i01]! * w01 + src[base + i10]! * w10 + src[base + i11]! * w11;
        }
      } else {
        // fill_mode constant: taps outside the image read cval.
        for (let ch = 0, base = 0; ch < channels; ch++, base += chStride) {
          const tap = (rr: number, cc2: number) => (rr < 0 || cc2 < 0 ? cval : src[base + rr * rowStride + cc2 * colStride]!);
          out[at + base] = tap(ra, ca) * w00 + tap(ra, cb) * w01 + tap(rb, ca) * w10 + tap(rb, cb) * w11;
        }
      }
    }
  }
}
