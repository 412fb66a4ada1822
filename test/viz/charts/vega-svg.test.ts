import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, vegaLiteToSvg, vegaLiteToSvgAndPng } from '../../../src/viz/charts/vega-svg.js';

const bars: TopLevelSpec = {
  width: 120,
  height: 80,
  data: { values: [{ k: 'alpha', v: 3 }, { k: 'beta', v: 7 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
};

test('a Vega-Lite spec becomes SVG text in the bundled font on white, without a browser', async () => {
  const svg = await vegaLiteToSvg(bars);
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.match(svg, new RegExp(`font-family="${CHART_CONFIG.font}`));
  assert.match(svg, /fill="white"/);
  assert.match(svg, />alpha</);
  assert.match(svg, />beta</);
  assert.equal(svg.match(/<\/svg>/g)?.length, 1);
});

test('the PNG is the same chart drawn from that SVG: decodable, sized, not blank', async () => {
  const { svg, png } = await vegaLiteToSvgAndPng(bars);
  const image = PNG.sync.read(png);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  assert.ok(Math.abs(image.width - width) <= 1, `${image.width} vs ${width}`);
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) colours.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  assert.ok(colours.size > 5, `${colours.size} colours`);
  assert.equal((image.data[0]! << 16) | (image.data[1]! << 8) | image.data[2]!, 0xffffff, 'white corner');
});

test('a spec’s own config wins over the shared one', async () => {
  const svg = await vegaLiteToSvg({ ...bars, config: { background: '#ffeedd' } });
  assert.match(svg, /fill="#ffeedd"/);
});
