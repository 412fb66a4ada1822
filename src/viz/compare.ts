/**
 * `kerasts filters --compare`: the before-training and after-training grids side by side.
 * Both panels are scaled with shared ranges — filter i uses the union of its before and after
 * ranges (one range over everything with `--normalize global`) — so equal grey means equal
 * weight across the two panels and a filter that grew shows as more contrast, not the same
 * picture re-stretched. Separate `filters-before.png` / `filters-after.png` from training
 * are each scaled on their own, for the shape of each filter.
 */
import { UserError } from '../errors.js';
import {
  BACKGROUND,
  filterRanges,
  planGrid,
  renderGrid,
  assembleGrid,
  scalingRanges,
  unionRange,
  type FilterGrid,
  type GridOptions,
  type RasterImage,
} from './filter-grid.js';
import type { TfKernel } from './kernel-layout.js';

/** Background columns between the two panels: wider than the tile gap so the halves read apart. */
export function comparisonSeparation(gap: number): number {
  return Math.max(4 * gap, 8);
}

export interface FilterComparison extends RasterImage {
  separation: number;
  before: FilterGrid;
  after: FilterGrid;
}

/** Places `left` and `right` next to each other, top-aligned, `separation` px apart. */
export function sideBySide(left: RasterImage, right: RasterImage, separation: number): RasterImage {
  if (left.channels !== right.channels) throw new RangeError('sideBySide: both images need the same channel count.');
  const channels = left.channels;
  const width = left.width + separation + right.width;
  const height = Math.max(left.height, right.height);
  const pixels = new Uint8Array(width * height * channels).fill(BACKGROUND);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width * channels;
    if (y < left.height) pixels.set(left.pixels.subarray(y * left.width * channels, (y + 1) * left.width * channels), rowStart);
    if (y < right.height) {
      pixels.set(right.pixels.subarray(y * right.width * channels, (y + 1) * right.width * channels), rowStart + (left.width + separation) * channels);
    }
  }
  return { width, height, channels, pixels };
}

/** Draws `before` (left) and `after` (right) with shared scaling; the kernels must match in shape. */
export function drawFilterComparison(before: TfKernel, after: TfKernel, options: GridOptions = {}): FilterComparison {
  if (before.shape.join() !== after.shape.join()) {
    throw new UserError(
      `needs the initial and trained kernels to have the same shape. Received: [${before.shape.join(', ')}] and [${after.shape.join(', ')}].`,
      { location: '--compare' },
    );
  }
  const plan = planGrid(after.shape, options);
  const beforeRanges = filterRanges(before, plan.drawnChannels);
  const afterRanges = filterRanges(after, plan.drawnChannels);
  const shared = scalingRanges(
    beforeRanges.map((range, f) => unionRange([range, afterRanges[f]!])),
    plan.normalize,
  );
  const left = assembleGrid(plan, renderGrid(before, plan, shared), beforeRanges, shared);
  const right = assembleGrid(plan, renderGrid(after, plan, shared), afterRanges, shared);
  const separation = comparisonSeparation(plan.geometry.gap);
  return { ...sideBySide(left, right, separation), separation, before: left, after: right };
}
