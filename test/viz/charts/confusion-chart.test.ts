import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { confusionChartSpec } from '../../../src/viz/charts/confusion-chart.js';
import { vegaLiteToSvgAndPng } from '../../../src/viz/charts/vega-svg.js';

const confusion = { classNames: ['cat', 'dog', 'eel'], matrix: [[5, 1, 0], [2, 8, 0], [0, 0, 0]], perClassAccuracy: [5 / 6, 0.8, null] };

test('one cell per (true, predicted) pair, in class order, with the count', () => {
  const spec = confusionChartSpec(confusion) as unknown as { data: { values: { true: string; predicted: string; count: number }[] }; width: number; encoding: { x: { sort: string[] } } };
  assert.equal(spec.data.values.length, 9);
  assert.deepEqual(spec.data.values[1], { true: 'cat', predicted: 'dog', count: 1 });
  assert.deepEqual(spec.data.values[3], { true: 'dog', predicted: 'cat', count: 2 });
  assert.deepEqual(spec.encoding.x.sort, ['cat', 'dog', 'eel']);
  assert.equal(spec.width, 3 * 48, 'cells at most 48 px');
  const many = confusionChartSpec({ classNames: Array.from({ length: 40 }, (_, i) => `c${i}`), matrix: Array.from({ length: 40 }, () => new Array(40).fill(0)), perClassAccuracy: [] }) as unknown as { width: number };
  assert.equal(many.width, 40 * 24, 'and at least 24 px');
});

test('the heatmap renders with every count written, light on the dark cells', async () => {
  const { svg, png } = await vegaLiteToSvgAndPng(confusionChartSpec(confusion));
  for (const label of ['Confusion matrix', 'Predicted class', 'True class', 'cat', 'dog', 'eel']) assert.match(svg, new RegExp(`>${label}<`));
  const texts = [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);
  for (const count of ['5', '1', '2', '8']) assert.ok(texts.includes(count), `count ${count} in ${texts.join(',')}`);
  assert.match(svg, /fill="white"[^>]*>8</, 'the largest count is white on dark blue');
  const image = PNG.sync.read(png);
  assert.ok(image.width > 150 && image.height > 150, `${image.width} x ${image.height}`);
});
