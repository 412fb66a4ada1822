import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKGROUND } from '../../src/viz/filter-grid.js';
import { comparisonSeparation, drawFilterComparison, sideBySide } from '../../src/viz/compare.js';
import { UserError } from '../../src/errors.js';
import type { TfKernel } from '../../src/viz/kernel-layout.js';
import { handKernel } from './helpers.js';

/** The expected grey level, written out independently of the code under test. */
function expectedLevel(w: number, min: number, max: number): number {
  return max === min ? 128 : Math.round(((w - min) / (max - min)) * 255);
}

/** Pixel (x, y) of an image, channel k. */
function px(grid: { width: number; channels: number; pixels: Uint8Array }, x: number, y: number, k = 0): number {
  return grid.pixels[(y * grid.width + x) * grid.channels + k]!;
}

test('--compare puts before left and after right on shared per-filter ranges', () => {
  const before = handKernel([3, 3, 1, 4]);
  const after: TfKernel = { shape: before.shape, data: before.data.map((w, k) => w * 3 + (k % 5) * 0.1) };
  const image = drawFilterComparison(before, after, { gap: 1, scale: 2 });
  const g = image.after.geometry;
  assert.equal(image.separation, 8);
  assert.equal(image.width, 2 * (g.cols * 6 + (g.cols - 1)) + 8);
  assert.equal(image.height, g.rows * 6 + (g.rows - 1));
  const offset = image.after.width + image.separation;
  for (let f = 0; f < 4; f++) {
    const shared = image.after.filters[f]!.scaledWith;
    assert.deepEqual(image.before.filters[f]!.scaledWith, shared);
    assert.equal(shared.min, Math.min(image.before.filters[f]!.min, image.after.filters[f]!.min));
    assert.equal(shared.max, Math.max(image.before.filters[f]!.max, image.after.filters[f]!.max));
    // Top-left weight of each filter, in each panel.
    const x = (f % g.cols) * (g.tileWidth + g.gap);
    const y = Math.floor(f / g.cols) * (g.tileHeight + g.gap);
    assert.equal(px(image, x, y), expectedLevel(before.data[f]!, shared.min, shared.max));
    assert.equal(px(image, offset + x, y), expectedLevel(after.data[f]!, shared.min, shared.max));
  }
  assert.equal(px(image, image.after.width + 3, 0), BACKGROUND);
  assert.throws(() => drawFilterComparison(before, handKernel([3, 3, 1, 8])), /same shape/);
});

test('sideBySide top-aligns images of different heights on the background', () => {
  const left = { width: 2, height: 1, channels: 1 as const, pixels: Uint8Array.from([10, 20]) };
  const right = { width: 1, height: 2, channels: 1 as const, pixels: Uint8Array.from([30, 40]) };
  const joined = sideBySide(left, right, 3);
  assert.deepEqual([joined.width, joined.height], [6, 2]);
  assert.deepEqual([...joined.pixels], [10, 20, BACKGROUND, BACKGROUND, BACKGROUND, 30, BACKGROUND, BACKGROUND, BACKGROUND, BACKGROUND, BACKGROUND, 40]);
  assert.throws(() => sideBySide(left, { width: 1, height: 1, channels: 3, pixels: new Uint8Array(3) }, 1), RangeError);
});

test('the panels are set further apart than the tiles, at least 8 px', () => {
  assert.equal(comparisonSeparation(1), 8);
  assert.equal(comparisonSeparation(2), 8);
  assert.equal(comparisonSeparation(5), 20);
});

test('kernels of different shapes are a user error naming --compare and both shapes', () => {
  assert.throws(() => drawFilterComparison(handKernel([3, 3, 1, 4]), handKernel([5, 5, 1, 4])), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.toLine(), /--compare: needs the initial and trained kernels to have the same shape\. Received: \[3, 3, 1, 4\] and \[5, 5, 1, 4\]\./);
    return true;
  });
});
