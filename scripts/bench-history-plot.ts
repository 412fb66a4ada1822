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
  await time(split, 'resvg new, no font files', () => new Resvg(svg, { font: { loadSystemFonts: false }, logLevel: 'off' }));
  await time(split, 'resvg new, 2 fonts only', () => new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: bundledFontFiles().slice(0, 2), defaultFontFamily: 'DejaVu Sans' }, logLevel: 'off' }));
}
for (const [name, xs] of Object.entries(split)) console.log(`${name.padEnd(26)} median ${median(xs).toFixed(1)} ms`);

// Before and after, in this same process: the callback as it was (compile the spec, parse,
// build a view, SVG, PNG, two atomic writes after every epoch) against HistoryPlot now (one
// compiled view whose data is replaced), with redraws forced every epoch (maxShare 1 and a
// clock that never advances), then with the default budget and short simulated epochs.
const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { RunDirectory } = await import('../src/run/run-directory.js');
const { RUN_FILES } = await import('../src/run/layout.js');
const { HistoryPlot } = await import('../src/train/callbacks/history-plot.js');
const { vegaLiteToSvgAndPng } = await import('../src/viz/charts/vega-svg.js');
const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
const loopAt = (e: number) => ({ history: history.slice(0, e) }) as never;
const stats = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
try {
  const runDir = new RunDirectory(dir);
  const before: number[] = [];
  const after: number[] = [];
  const afterWall: number[] = [];
  const plot = new HistoryPlot(runDir, 'run', { maxShare: 1, now: () => 0 });
  for (let e = 1; e <= epochs; e++) {
    // Alternated, so both see the same load on this shared machine.
    let start = performance.now();
    const { svg, png } = await vegaLiteToSvgAndPng(historyChartSpec([{ label: 'run', history: history.slice(0, e) }]));
    await runDir.writePicture(RUN_FILES.historySvg, svg);
    await runDir.writePicture(RUN_FILES.historyPng, png);
    before.push(performance.now() - start);
    start = performance.now();
    await plot.onEpochEnd(history[e - 1], loopAt(e));
    after.push(performance.now() - start);
    // The PNG is drawn on the thread pool; the wall time counts until it is written.
    await plot.idle();
    afterWall.push(performance.now() - start);
  }
  await plot.onTrainEnd(loopAt(epochs));
  console.log(`\nper epoch, redraw every epoch (${epochs} epochs):`);
  console.log(`  before (compile each epoch)   ${stats(before)}`);
  console.log(`  after, training thread blocked ${stats(after)}`);
  console.log(`  after, until the PNG is written ${stats(afterWall)}`);
  // Short epochs (50 ms of waiting each): the default budget skips redraws.
  const budgeted = new HistoryPlot(runDir, 'run');
  const costs: number[] = [];
  for (let e = 1; e <= epochs; e++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const start = performance.now();
    await budgeted.onEpochEnd(history[e - 1], loopAt(e));
    costs.push(performance.now() - start);
  }
  const start = performance.now();
  await budgeted.onTrainEnd(loopAt(epochs));
  const end = performance.now() - start;
  console.log(`  after, 50 ms epochs, default budget: ${budgeted.draws} redraws for ${epochs} epochs, mean ${(costs.reduce((a, b) => a + b, 0) / epochs).toFixed(1)} ms per epoch, train end ${end.toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
