/**
 * Where the per-epoch learning-curve redraw spends its time, phase by phase
 * (`npx tsx scripts/bench-history-plot.ts [epochs]`).
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { historyChartSpec } from '../src/viz/charts/history-chart.js';
import { CHART_CONFIG } from '../src/viz/charts/vega-svg.js';
import { svgToPng } from '../src/viz/render/svg-to-png.js';
import type { EpochRecord } from '../src/run/schemas.js';

const epochs = Number(process.argv[2] ?? 20);
const history: EpochRecord[] = Array.from({ length: epochs }, (_, i) => ({
  epoch: i + 1,
  logs: { loss: 1 / (i + 1), acc: 1 - 1 / (i + 2), val_loss: 1.1 / (i + 1), val_acc: 1 - 1.2 / (i + 2) },
  seconds: 1,
}));

const time = async <T>(phases: Record<string, number[]>, name: string, fn: () => T | Promise<T>): Promise<T> => {
  const start = performance.now();
  const out = await fn();
  (phases[name] ??= []).push(performance.now() - start);
  return out;
};

const phases: Record<string, number[]> = {};
for (let e = 1; e <= epochs; e++) {
  const spec = historyChartSpec([{ label: 'run', history: history.slice(0, e) }]);
  const compiled = await time(phases, 'vl.compile', () => vl.compile({ ...spec, config: { ...CHART_CONFIG } }).spec);
  const runtime = await time(phases, 'vega.parse', () => vega.parse(compiled));
  const view = await time(phases, 'new View', () => new vega.View(runtime, { renderer: 'none', logLevel: vega.Error }));
  const svg = await time(phases, 'toSVG', () => view.toSVG());
  view.finalize();
  await time(phases, 'resvg total (svgToPng)', () => svgToPng(svg));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, xs] of Object.entries(phases)) console.log(`${name.padEnd(26)} median ${median(xs).toFixed(1)} ms  first ${xs[0].toFixed(1)} ms`);
// resvg split: font loading (constructor) vs render vs PNG encoding.
const svg = await (async () => { const v = new vega.View(vega.parse(vl.compile({ ...historyChartSpec([{ label: 'run', history }]), config: { ...CHART_CONFIG } }).spec), { renderer: 'none' }); return v.toSVG(); })();
const split: Record<string, number[]> = {};
for (let i = 0; i < 5; i++) {
  const { bundledFontFiles } = await import('../src/viz/render/svg-to-png.js');
  const r = await time(split, 'resvg new (fonts+parse)', () => new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: bundledFontFiles(), defaultFontFamily: 'DejaVu Sans' }, logLevel: 'off' }));
  const img = await time(split, 'resvg render', () => r.render());
  await time(split, 'asPng', () => img.asPng());
  await time(split, 'resvg new, 2 fonts only', () => new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: bundledFontFiles().slice(0, 2), defaultFontFamily: 'DejaVu Sans' }, logLevel: 'off' }));
}
for (const [name, xs] of Object.entries(split)) console.log(`${name.padEnd(26)} median ${median(xs).toFixed(1)} ms`);

// The whole callback as training calls it: drawing plus the two atomic (fsynced) writes.
const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { RunDirectory } = await import('../src/run/run-directory.js');
const { HistoryPlot } = await import('../src/train/callbacks/history-plot.js');
const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
try {
  const plot = new HistoryPlot(new RunDirectory(dir), 'run');
  const costs: number[] = [];
  for (let e = 1; e <= epochs; e++) {
    const start = performance.now();
    await plot.onEpochEnd(history[e - 1], { history: history.slice(0, e) } as never);
    costs.push(performance.now() - start);
  }
  console.log(`callback onEpochEnd       median ${median(costs).toFixed(1)} ms  first ${costs[0].toFixed(1)} ms  max ${Math.max(...costs).toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
