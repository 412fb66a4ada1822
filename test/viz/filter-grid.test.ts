import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import { BACKGROUND, defaultColumns, defaultScale, drawFilterGrid, minMaxScale, type FilterGrid } from '../../src/viz/filter-grid.js';
import { tfIndex, type TfKernel } from '../../src/viz/kernel-layout.js';
import { handKernel } from './helpers.js';

/** The expected grey level, written out independently of the code under test. */
function expectedLevel(w: number, min: number, max: number): number {
  return max === min ? 128 : Math.round(((w - min) / (max - min)) * 255);
}

/** Pixel (x, y) of a grid, channel k. */
function px(grid: { width: number; channels: number; pixels: Uint8Array }, x: number, y: number, k = 0): number {
  return grid.pixels[(y * grid.width + x) * grid.channels + k]!;
}

/** Checks every pixel of filter f's tile against the min-max scaling of its weights. */
function assertTile(grid: FilterGrid, kernel: TfKernel, f: number, channel: number, min: number, max: number, k = 0): void {
  const g = grid.geometry;
  const x0 = (f % g.cols) * (g.tileWidth + g.gap);
  const y0 = Math.floor(f / g.cols) * (g.tileHeight + g.gap);
  for (let y = 0; y < g.tileHeight; y++)
    for (let x = 0; x < g.tileWidth; x++) {
      const w = kernel.data[tfIndex(kernel.shape, Math.floor(y / g.scale), Math.floor(x / g.scale), channel, f)]!;
      assert.equal(px(grid, x0 + x, y0 + y, k), expectedLevel(w, min, max), `filter ${f} pixel (${x}, ${y})`);
    }
}

test('defaultColumns lays filters out near-square, wider than tall', () => {
  const table: [number, number][] = [[32, 8], [64, 8], [16, 4], [6, 3], [10, 4], [7, 4], [1, 1], [2, 2], [128, 16], [20, 5]];
  for (const [count, cols] of table) assert.equal(defaultColumns(count), cols, `${count} filters`);
  assert.equal(defaultScale(3), 8);
  assert.equal(defaultScale(5), 5);
});

test('32 3x3 filters draw as 4 x 8 tiles of 24 px with 2 px gaps, each tile its own min-max scaling', () => {
  const kernel = handKernel([3, 3, 1, 32], 5);
  const grid = drawFilterGrid(kernel);
  assert.deepEqual(grid.geometry, { count: 32, rows: 4, cols: 8, tileWidth: 24, tileHeight: 24, gap: 2, scale: 8 });
  assert.equal(grid.width, 8 * 24 + 7 * 2);
  assert.equal(grid.height, 4 * 24 + 3 * 2);
  assert.equal(grid.channels, 1);
  for (let f = 0; f < 32; f++) {
    const values = Array.from({ length: 9 }, (_, k) => kernel.data[tfIndex(kernel.shape, Math.floor(k / 3), k % 3, 0, f)]!);
    const [min, max] = [Math.min(...values), Math.max(...values)];
    assert.equal(grid.filters[f]!.min, min);
    assert.equal(grid.filters[f]!.max, max);
    assertTile(grid, kernel, f, 0, min, max);
  }
  // The gap column right of tile 0 is background.
  assert.equal(px(grid, 24, 0), BACKGROUND);
  assert.equal(px(grid, 25, 30), BACKGROUND);
});

test('a constant filter is mid-grey (128), not NaN or black; every scaled tile spans 0..255', () => {
  const kernel = handKernel([3, 3, 1, 4], 2);
  const grid = drawFilterGrid(kernel, { cols: 4, gap: 0, scale: 1 });
  assert.deepEqual([grid.width, grid.height], [12, 3]);
  for (let y = 0; y < 3; y++) for (let x = 6; x < 9; x++) assert.equal(px(grid, x, y), 128);
  assert.deepEqual(grid.filters[2], { index: 2, min: 0.5, max: 0.5, scaledWith: { min: 0.5, max: 0.5 } });
  const tile0 = [0, 1, 2].flatMap((y) => [0, 1, 2].map((x) => px(grid, x, y)));
  assert.equal(Math.min(...tile0), 0);
  assert.equal(Math.max(...tile0), 255);
  assert.equal(minMaxScale(NaN, { min: 0, max: 1 }), 0);
  assert.equal(minMaxScale(0.25, { min: NaN, max: NaN }), 128);
});

test('--normalize global scales every filter with one range', () => {
  const kernel = handKernel([3, 3, 1, 6]);
  const grid = drawFilterGrid(kernel, { normalize: 'global', gap: 1 });
  const all = Array.from(kernel.data);
  const [min, max] = [Math.min(...all), Math.max(...all)];
  for (let f = 0; f < 6; f++) {
    assert.deepEqual(grid.filters[f]!.scaledWith, { min, max });
    assertTile(grid, kernel, f, 0, min, max);
  }
});

test('--channel picks one input channel; --rgb draws the 3 channels as colour with a per-filter range over all three', () => {
  const kernel = handKernel([3, 3, 3, 4]);
  const ch2 = drawFilterGrid(kernel, { channel: 2 });
  const values = (f: number, chs: number[]) =>
    [0, 1, 2].flatMap((r) => [0, 1, 2].flatMap((c) => chs.map((i) => kernel.data[tfIndex(kernel.shape, r, c, i, f)]!)));
  for (let f = 0; f < 4; f++) assertTile(ch2, kernel, f, 2, Math.min(...values(f, [2])), Math.max(...values(f, [2])));
  const rgb = drawFilterGrid(kernel, { rgb: true, cols: 2, scale: 2, gap: 0 });
  assert.equal(rgb.channels, 3);
  assert.equal(rgb.pixels.length, 12 * 12 * 3);
  for (let f = 0; f < 4; f++) {
    const all = values(f, [0, 1, 2]);
    for (let k = 0; k < 3; k++) assertTile(rgb, kernel, f, k, Math.min(...all), Math.max(...all), k);
  }
});

test('bad grid options are user errors (exit 2) naming the flag', () => {
  const gray = handKernel([3, 3, 1, 4]);
  const expectUserError = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (error: unknown) => error instanceof UserError && error.exitCode === 2 && pattern.test(error.toLine()));
  expectUserError(() => drawFilterGrid(gray, { rgb: true }), /--rgb: needs a layer with 3 input channels\. Received: a layer with 1 input channel\./);
  expectUserError(() => drawFilterGrid(gray, { channel: 1 }), /--channel: must be an input channel index from 0 to 0\. Received: 1\./);
  expectUserError(() => drawFilterGrid(gray, { cols: 0 }), /--cols: must be a positive integer\. Received: 0\./);
  expectUserError(() => drawFilterGrid(handKernel([3, 3, 3, 4]), { rgb: true, channel: 0 }), /^--rgb: cannot be used together with --channel\. Received: --rgb and --channel 0\.$/);
  expectUserError(() => drawFilterGrid(gray, { scale: 100000 }), /at most .* pixels/);
});

