import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { svgToPng, svgToPngAsync } from '../../../src/viz/render/svg-to-png.js';
import { UserError } from '../../../src/errors.js';

function picture(text: string | undefined, family = 'DejaVu Sans'): string {
  const label = text === undefined ? '' : `<text x="10" y="40" font-family="${family}" font-size="24" fill="black">${text}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect x="2" y="2" width="196" height="56" fill="none" stroke="#3366cc" stroke-width="2"/>${label}</svg>`;
}

/** Number of pixels whose RGB differs between two decoded images of the same size. */
function differingPixels(a: PNG, b: PNG): number {
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) count++;
  }
  return count;
}

function nonWhitePixels(png: PNG): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 250 || png.data[i + 1] < 250 || png.data[i + 2] < 250) count++;
  return count;
}

test('svgToPng renders a PNG of the SVG size that is not blank', () => {
  const png = PNG.sync.read(svgToPng(picture('Conv2D (None, 26, 26, 32)')));
  assert.equal(png.width, 200);
  assert.equal(png.height, 60);
  // Corner pixel is the white background, not transparent.
  assert.deepEqual([...png.data.subarray(0, 4)], [255, 255, 255, 255]);
  assert.ok(nonWhitePixels(png) > 500, `only ${nonWhitePixels(png)} non-white pixels`);
});

test('svgToPng draws text with the bundled font, and falls back to it for unknown families', () => {
  const without = PNG.sync.read(svgToPng(picture(undefined)));
  for (const family of ['DejaVu Sans', 'Helvetica, Arial, sans-serif', 'Times-Roman']) {
    const withText = PNG.sync.read(svgToPng(picture('Dense 600,810', family)));
    const changed = differingPixels(without, withText);
    // 12 glyphs at 24 px cover well over a few hundred pixels; no font means zero.
    assert.ok(changed > 400, `${family}: text changed only ${changed} pixels`);
  }
});

test('svgToPng scales by dpi / 96 and by scale', () => {
  const twice = PNG.sync.read(svgToPng(picture('x'), { dpi: 192 }));
  assert.deepEqual([twice.width, twice.height], [400, 120]);
  const half = PNG.sync.read(svgToPng(picture('x'), { scale: 0.5 }));
  assert.deepEqual([half.width, half.height], [100, 30]);
  // Graphviz sizes its SVG in points (72 per inch): 72pt is 96 px at 96 dpi.
  const points = '<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt" viewBox="0 0 72 36"><rect width="72" height="36" fill="red"/></svg>';
  const fromPoints = PNG.sync.read(svgToPng(points));
  assert.deepEqual([fromPoints.width, fromPoints.height], [96, 48]);
});

test('svgToPng refuses a picture over the pixel limit and a non-positive dpi', () => {
  assert.throws(() => svgToPng(picture('x'), { dpi: 96 * 100 }), (error: unknown) => error instanceof UserError && /20000 x 6000 pixels, more than the limit of 67,108,864/.test(error.message));
  assert.throws(() => svgToPng(picture('x'), { dpi: 0 }), /dpi and scale must be positive/);
});

test('svgToPngAsync draws the same pixels as svgToPng, checks the size first, and draws an SVG in points too', async () => {
  const svg = picture('Dense 600,810');
  assert.ok((await svgToPngAsync(svg, { dpi: 192 })).equals(svgToPng(svg, { dpi: 192 })));
  await assert.rejects(svgToPngAsync(svg, { dpi: 96 * 100 }), (error: unknown) => error instanceof UserError && /20000 x 6000 pixels/.test(error.message));
  const points = '<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt" viewBox="0 0 72 36"><rect width="72" height="36" fill="red"/></svg>';
  const fromPoints = PNG.sync.read(await svgToPngAsync(points));
  assert.deepEqual([fromPoints.width, fromPoints.height], [96, 48]);
});
