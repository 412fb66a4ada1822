import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg, vegaLiteToSvgAndPng, vegaLiteView } from '../../../src/viz/charts/vega-svg.js';

const bars = (values: { k: string; n: number }[]): TopLevelSpec => ({
  data: { name: 'table', values },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
});

test('vegaLiteToSvg renders headless with the bundled font on white; the PNG is drawn from that SVG', async () => {
  const svg = await vegaLiteToSvg(bars([{ k: 'alpha', n: 3 }, { k: 'beta', n: 5 }]));
  assert.match(svg, /^<svg /);
  assert.match(svg, /font-family="DejaVu Sans"[^>]*>alpha</);
  assert.match(svg, /<rect width="\d+" height="\d+" fill="white"\/>/);
  const { svg: again, png } = await vegaLiteToSvgAndPng(bars([{ k: 'alpha', n: 3 }]));
  const image = PNG.sync.read(png);
  assert.equal(image.width, Number(/width="(\d+)"/.exec(again)![1]));
});

test('vegaLiteView: a named dataset replaced in the view redraws with the new values', async () => {
  const view = await vegaLiteView(bars([{ k: 'a', n: 1 }]));
  try {
    assert.equal(((await view.toSVG()).match(/aria-roledescription="bar"/g) ?? []).length, 1);
    view.data('table', [{ k: 'a', n: 1 }, { k: 'b', n: 2 }, { k: 'c', n: 3 }]);
    assert.equal(((await view.toSVG()).match(/aria-roledescription="bar"/g) ?? []).length, 3);
  } finally {
    view.finalize();
  }
});
