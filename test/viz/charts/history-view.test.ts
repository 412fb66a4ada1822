import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { svgToPng } from '../../../src/viz/render/svg-to-png.js';
import type { EpochRecord } from '../../../src/run/schemas.js';
import { vegaLiteToSvg } from '../../../src/viz/charts/vega-svg.js';
import { historyChartSpec, type LabelledHistory } from '../../../src/viz/charts/history-chart.js';
import { HistoryChartView } from '../../../src/viz/charts/history-view.js';

const epochs = (n: number, withAcc = true): EpochRecord[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, logs: { loss: 1 / (i + 1), val_loss: 1.2 / (i + 1), ...(withAcc ? { acc: i / n, val_acc: i / (n + 1) } : {}) }, seconds: 1 }));

/** The number of point symbols (one per epoch, split and panel). */
const symbols = (svg: string) => (svg.match(/aria-roledescription="point"/g) ?? []).length;

test('HistoryChartView reuses its compiled view while the panels stay, and draws the same picture as a fresh compile', async (t) => {
  const view = new HistoryChartView();
  t.after(() => view.finalize());
  const runs = (n: number): LabelledHistory[] => [{ label: 'run-a', history: epochs(n) }];
  const first = await view.svg(runs(1));
  const third = await view.svg(runs(3));
  assert.equal(view.compiles, 1);
  assert.deepEqual([symbols(first), symbols(third)], [4, 12]);
  // Replacing the data draws what compiling the spec from scratch draws (the SVG's elements
  // may come in another order: vega keeps the tick marks it already had).
  const fresh = await vegaLiteToSvg(historyChartSpec(runs(3)));
  assert.equal(third.length, fresh.length);
  const [a, b] = [third, fresh].map((svg) => PNG.sync.read(svgToPng(svg)));
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  assert.ok(a.data.equals(b.data), 'same pixels');
  // A change of shape (a second run: colour by run) compiles again.
  const two = await view.svg([...runs(3), { label: 'run-b', history: epochs(2) }]);
  assert.equal(view.compiles, 2);
  assert.match(two, /run-b/);
});

test('HistoryChartView with metric loss draws no accuracy panel', async (t) => {
  const view = new HistoryChartView('loss');
  t.after(() => view.finalize());
  const svg = await view.svg([{ label: 'r', history: epochs(2) }]);
  assert.match(svg, />Loss</);
  assert.doesNotMatch(svg, />Accuracy</);
});
