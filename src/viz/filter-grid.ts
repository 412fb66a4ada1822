/**
 * Draws the filters of a convolution kernel as a grid of small images, as the classic Keras
 * posts do with matplotlib: one tile per filter, each weight a `scale` x `scale` block of
 * pixels (nearest neighbour), grey levels from MinMaxScaler(0, 255). Pure: no tfjs, no I/O.
 */
import { UserError } from '../errors.js';
import { tfIndex, type TfKernel } from './kernel-layout.js';

export const NORMALIZE_MODES = ['per-filter', 'global'] as const;
export type NormalizeMode = (typeof NORMALIZE_MODES)[number];

/** Default `--scale` makes a tile at least this many pixels wide (a 3x3 filter: 8 px per weight). */
export const MIN_TILE_PX = 24;
/** Default `--gap`: pixels of background between tiles. */
export const DEFAULT_GAP = 2;
/** Background (gap and empty cells): white, like a matplotlib figure. */
export const BACKGROUND = 255;
/** Grey level of a constant filter (max == min), where MinMaxScaler has no range to use. */
export const CONSTANT_GREY = 128;
/** Largest image we agree to draw, in pixels, so a typo in `--scale` cannot exhaust memory. */
export const MAX_PIXELS = 64 * 1024 * 1024;

export interface GridOptions {
  /** Input channel to draw (default 0). Exclusive with `rgb`. */
  channel?: number;
  /** Draw the 3 input channels of each filter as one colour tile. */
  rgb?: boolean;
  /** Tiles per row (default: near-square, wider than tall, e.g. 8 for 32 filters). */
  cols?: number;
  /** Pixels per weight (default: the smallest making a tile {@link MIN_TILE_PX} wide). */
  scale?: number;
  /** Pixels between tiles (default {@link DEFAULT_GAP}). */
  gap?: number;
  /** Range used for scaling: each filter's own (default) or one over all filters. */
  normalize?: NormalizeMode;
}

/** A raw 8-bit image: `channels` bytes per pixel, rows top to bottom. */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

export interface GridGeometry {
  /** Number of filters drawn. */
  count: number;
  rows: number;
  cols: number;
  /** Tile size in pixels: kernel cols x scale and kernel rows x scale. */
  tileWidth: number;
  tileHeight: number;
  gap: number;
  scale: number;
}

export interface ValueRange {
  min: number;
  max: number;
}

/** The filter's raw weight range (over the drawn channels) and the range it was scaled with. */
export interface FilterStats extends ValueRange {
  index: number;
  scaledWith: ValueRange;
}

export interface FilterGrid extends RasterImage {
  geometry: GridGeometry;
  normalize: NormalizeMode;
  /** Input channels drawn: one index, or [0, 1, 2] for rgb. */
  drawnChannels: number[];
  filters: FilterStats[];
}

/** Options with every default filled in, checked against the kernel's shape. */
export interface GridPlan {
  geometry: GridGeometry;
  normalize: NormalizeMode;
  drawnChannels: number[];
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Near-square grid, never taller than wide: 32 → 4 x 8, 64 → 8 x 8, 10 → 3 x 4, 7 → 2 x 4. */
export function defaultColumns(count: number): number {
  // An exact factorisation within a 1:2 aspect ratio reads best (4 x 8 for 32 filters).
  for (let rows = Math.floor(Math.sqrt(count)); rows >= 1; rows--) {
    if (count % rows === 0) {
      const cols = count / rows;
      if (cols <= 2 * rows) return cols;
      break;
    }
  }
  return Math.ceil(count / Math.max(1, Math.floor(Math.sqrt(count))));
}

/** Default pixels per weight so a tile is at least {@link MIN_TILE_PX} wide. */
export function defaultScale(kernelCols: number): number {
  return Math.max(1, Math.ceil(MIN_TILE_PX / kernelCols));
}

function checkInteger(flag: string, value: number | undefined, least: number): void {
  if (value === undefined || (Number.isInteger(value) && value >= least)) return;
  const what = least === 0 ? 'a non-negative integer' : 'a positive integer';
  throw new UserError(`must be ${what}. Received: ${value}.`, { location: flag });
}

/** Fills in defaults and checks the options against a tf-layout kernel shape. */
export function planGrid(shape: TfKernel['shape'], options: GridOptions = {}): GridPlan {
  const [kRows, kCols, inCh, count] = shape;
  if (options.rgb && options.channel !== undefined) {
    throw new UserError(`cannot be used together with --channel. Received: --rgb and --channel ${options.channel}.`, { location: '--rgb' });
  }
  if (options.rgb && inCh !== 3) {
    throw new UserError(`needs a layer with 3 input channels. Received: a layer with ${inCh} input channel${inCh === 1 ? '' : 's'}.`, {
      location: '--rgb',
      hint: inCh > 1 ? `Use --channel 0..${inCh - 1} instead.` : undefined,
    });
  }
  const channel = options.channel ?? 0;
  if (!Number.isInteger(channel) || channel < 0 || channel >= inCh) {
    throw new UserError(`must be an input channel index from 0 to ${inCh - 1}. Received: ${channel}.`, { location: '--channel' });
  }
  checkInteger('--cols', options.cols, 1);
  checkInteger('--scale', options.scale, 1);
  checkInteger('--gap', options.gap, 0);
  const cols = Math.min(options.cols ?? defaultColumns(count), count);
  const scale = options.scale ?? defaultScale(kCols);
  const gap = options.gap ?? DEFAULT_GAP;
  const rows = Math.ceil(count / cols);
  const tileWidth = kCols * scale;
  const tileHeight = kRows * scale;
  const width = cols * tileWidth + (cols - 1) * gap;
  const height = rows * tileHeight + (rows - 1) * gap;
  if (width * height > MAX_PIXELS) {
    throw new UserError(`the image must have at most ${MAX_PIXELS} pixels. Received: ${width} x ${height}.`, {
      location: '--scale',
      hint: 'Use a smaller --scale or --gap.',
    });
  }
  return {
    geometry: { count, rows, cols, tileWidth, tileHeight, gap, scale },
    normalize: options.normalize ?? 'per-filter',
    drawnChannels: options.rgb ? [0, 1, 2] : [channel],
    width,
    height,
    channels: options.rgb ? 3 : 1,
  };
}

/** Each filter's min and max over the drawn channels; NaN and infinities are left out. */
export function filterRanges(kernel: TfKernel, drawnChannels: readonly number[]): ValueRange[] {
  const [kRows, kCols, , count] = kernel.shape;
  const ranges: ValueRange[] = [];
  for (let f = 0; f < count; f++) {
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < kRows; r++) {
      for (let c = 0; c < kCols; c++) {
        for (const ch of drawnChannels) {
          const w = kernel.data[tfIndex(kernel.shape, r, c, ch, f)]!;
          if (!Number.isFinite(w)) continue;
          if (w < min) min = w;
          if (w > max) max = w;
        }
      }
    }
    ranges.push(min <= max ? { min, max } : { min: NaN, max: NaN });
  }
  return ranges;
}

/** The smallest range covering all of `ranges` (NaN entries ignored). */
export function unionRange(ranges: readonly ValueRange[]): ValueRange {
  const finite = ranges.filter((r) => !Number.isNaN(r.min));
  if (finite.length === 0) return { min: NaN, max: NaN };
  return { min: Math.min(...finite.map((r) => r.min)), max: Math.max(...finite.map((r) => r.max)) };
}

/**
 * MinMaxScaler(feature_range=(0, 255)) for one value: (w - min) / (max - min) * 255, rounded
 * half up with Math.round. Unlike scikit-learn, which maps a constant feature to the bottom
 * of the range, a constant filter is mid-grey so it does not read as "strongly negative".
 * A non-finite weight (a diverged run) is drawn black.
 */
export function minMaxScale(w: number, range: ValueRange): number {
  if (!Number.isFinite(w)) return 0;
  if (!(range.max > range.min)) return CONSTANT_GREY;
  const v = Math.round(((w - range.min) / (range.max - range.min)) * 255);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** The range each filter is scaled with under `mode`. */
export function scalingRanges(ranges: readonly ValueRange[], mode: NormalizeMode): ValueRange[] {
  if (mode === 'per-filter') return ranges.slice();
  const all = unionRange(ranges);
  return ranges.map(() => all);
}

/**
 * Renders a planned grid, scaling filter f with `scaleWith[f]`. Filters go row-major
 * (filter 0 top left, as matplotlib's subplot order); tile pixel (y, x) shows weight
 * (y / scale, x / scale) of the kernel, so the picture is the filter as the layer applies it.
 */
export function renderGrid(kernel: TfKernel, plan: GridPlan, scaleWith: readonly ValueRange[]): RasterImage {
  const { geometry: g, width, height, channels, drawnChannels } = plan;
  const [kRows, kCols] = kernel.shape;
  const pixels = new Uint8Array(width * height * channels).fill(BACKGROUND);
  for (let f = 0; f < g.count; f++) {
    const x0 = (f % g.cols) * (g.tileWidth + g.gap);
    const y0 = Math.floor(f / g.cols) * (g.tileHeight + g.gap);
    for (let r = 0; r < kRows; r++) {
      for (let c = 0; c < kCols; c++) {
        const levels = drawnChannels.map((ch) => minMaxScale(kernel.data[tfIndex(kernel.shape, r, c, ch, f)]!, scaleWith[f]!));
        for (let dy = 0; dy < g.scale; dy++) {
          const rowStart = ((y0 + r * g.scale + dy) * width + x0 + c * g.scale) * channels;
          for (let dx = 0; dx < g.scale; dx++) pixels.set(levels, rowStart + dx * channels);
        }
      }
    }
  }
  return { width, height, channels, pixels };
}

/** Draws every filter of a tf-layout kernel (rows, cols, in, filters) as one grid image. */
export function drawFilterGrid(kernel: TfKernel, options: GridOptions = {}): FilterGrid {
  const plan = planGrid(kernel.shape, options);
  const ranges = filterRanges(kernel, plan.drawnChannels);
  const scaleWith = scalingRanges(ranges, plan.normalize);
  return assembleGrid(plan, renderGrid(kernel, plan, scaleWith), ranges, scaleWith);
}

/** Joins a rendered image with its plan and statistics. */
export function assembleGrid(plan: GridPlan, image: RasterImage, ranges: readonly ValueRange[], scaleWith: readonly ValueRange[]): FilterGrid {
  return {
    ...image,
    geometry: plan.geometry,
    normalize: plan.normalize,
    drawnChannels: plan.drawnChannels,
    filters: ranges.map((range, index) => ({ index, min: range.min, max: range.max, scaledWith: scaleWith[index]! })),
  };
}
