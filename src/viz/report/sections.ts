/**
 * The report's sections, in page order: one entry per section, each drawing from the run
 * files it needs and saying what is missing when they are not there.
 */
import type * as tf from '@tensorflow/tfjs';
import { RUN_FILES, type RunMetrics } from '../../run/index.js';
import { formatSummary, summarizeModel } from '../../model/summary.js';
import { modelDiagramSvg } from '../diagram/run-plot.js';
import { dataTable, dataUri, escapeHtml, figure, keyValueTable } from './html.js';
import type { Loaded, Picture, ReportRun } from './run-files.js';

/** Pictures the curves and evaluate commands write into a run. */

export type SectionBody = { html: string } | { missing: string };

export interface SectionContext {
  run: ReportRun;
  /** The trained model, loaded once for the sections that need it. */
  model: () => Promise<Loaded<tf.LayersModel>>;
}

export interface ReportSection {
  id: string;
  title: string;
  render: (context: SectionContext) => Promise<SectionBody>;
}

const pre = (text: string) => `<pre>${escapeHtml(text)}</pre>`;
const fixed = (value: number | undefined, digits: number) => (value === undefined ? 'n/a' : Number.isNaN(value) ? 'NaN' : value.toFixed(digits));
const percent = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(2)}%`);

function pictureFigure(picture: Picture, alt: string, caption?: string, scale?: number): string {
  return figure({ src: dataUri(picture.mime, picture.bytes), alt, caption, width: picture.width || undefined, height: picture.height || undefined, scale });
}

/** Small pictures (a filter grid is about 200 px wide) are shown larger, up to about half the page each. */
const FILTER_GRID_WIDTH = 500;
const upscale = (picture: Picture) => (picture.width > 0 ? Math.max(1, Math.floor(FILTER_GRID_WIDTH / picture.width)) : 1);

/**
 * The spec as indented JSON with every list of numbers or strings on one line: `[3, 3]`
 * over four lines made the spec a quarter of the page.
 */
export function compactJson(value: unknown): string {
  const scalarList = /\[\s*(?:-?[\d.eE+-]+|"[^"\n]*"|true|false|null)(?:,\s*(?:-?[\d.eE+-]+|"[^"\n]*"|true|false|null))*\s*\]/g;
  return JSON.stringify(value, null, 2).replace(scalarList, (list) => {
    try {
      return `[${(JSON.parse(list) as unknown[]).map((item) => JSON.stringify(item)).join(', ')}]`;
    } catch {
      return list; // a string holding an escaped quote: left as JSON.stringify wrote it
    }
  });
}

/** A missing-or-damaged reason plus what would produce the file. */
function why(loaded: { missing: boolean; reason: string }, howToGet: string): SectionBody {
  return { missing: loaded.missing ? `${loaded.reason} (${howToGet})` : `${loaded.reason}` };
}

async function overview({ run }: SectionContext): Promise<SectionBody> {
  const [metrics, spec] = await Promise.all([run.metrics(), run.spec()]);
  const rows: [string, string][] = [['Run directory', run.dir]];
  if (metrics.ok) {
    const { dataset } = metrics.value;
    rows.push(
      ['Dataset', `${dataset.name} (${dataset.kind === 'sample' ? 'sample standing in for the full set' : 'full set'})`],
      ['Data source', dataset.source],
      ['Images', `${dataset.train} train, ${dataset.validation} validation, ${dataset.test} test`],
      ['Epochs', `${metrics.value.epochs} (${metrics.value.stop_reason.replace('_', ' ')})`],
    );
  } else if (spec.ok) {
    rows.push(['Dataset', typeof spec.value.dataset === 'string' ? spec.value.dataset : spec.value.dataset.name]);
  }
  return { html: keyValueTable(rows) };
}

async function settingsAndSpec({ run }: SectionContext): Promise<SectionBody> {
  const [settings, spec] = await Promise.all([run.settings(), run.spec()]);
  if (!settings.ok && !spec.ok) return why(spec, 'written by kerasts train');
  const parts: string[] = [];
  if (settings.ok) {
    const rows = Object.entries(settings.value.settings).map(([key, value]): [string, string] => [key, `${typeof value === "object" && value !== null ? JSON.stringify(value) : String(value)} (from ${settings.value.sources[key] ?? 'default'})`]);
    rows.push(['backend used', settings.value.backend]);
    parts.push('<h3>Settings</h3>', keyValueTable(rows));
  } else parts.push(`<p class="missing">Settings: ${escapeHtml(settings.reason)}</p>`);
  // Folded (a <details>, no script): the resolved spec is some 150 lines, most of the page's height.
  const folded = (text: string) => `<details><summary>The resolved spec, ${text.split('\n').length} lines of JSON</summary>${pre(text)}</details>`;
  parts.push('<h3>Spec</h3>', spec.ok ? folded(compactJson(spec.value)) : `<p class="missing">${escapeHtml(spec.reason)}</p>`);
  return { html: parts.join('') };
}

async function summaryTable({ run, model }: SectionContext): Promise<SectionBody> {
  const text = await run.summary();
  if (text.ok) return { html: pre(text.value) };
  const loaded = await model();
  return loaded.ok ? { html: pre(formatSummary(summarizeModel(loaded.value))) } : why(text, 'written by kerasts train');
}

async function diagram({ model }: SectionContext): Promise<SectionBody> {
  const loaded = await model();
  if (!loaded.ok) return why(loaded, 'written by kerasts train');
  // Our own SVG, every name escaped: safe to inline, and its text stays selectable.
  return { html: `<div class="diagram">${await modelDiagramSvg(loaded.value, { showParams: true })}</div>` };
}

function historyTable(records: { epoch: number; logs: Record<string, number>; seconds: number }[]): string {
  const keys = [...new Set(records.flatMap((record) => Object.keys(record.logs)))];
  const rows = records.map((record) => [String(record.epoch), ...keys.map((key) => fixed(record.logs[key], 4)), record.seconds.toFixed(1)]);
  return dataTable(['epoch', ...keys, 'seconds'], rows);
}

async function learningCurves({ run }: SectionContext): Promise<SectionBody> {
  const history = await run.history();
  const svg = await run.picture(RUN_FILES.historySvg);
  const picture = svg.ok ? svg : await run.picture(RUN_FILES.historyPng);
  if (!history.ok && !picture.ok) return why(history, 'written by kerasts train after every epoch');
  const parts: string[] = [];
  if (picture.ok) parts.push(pictureFigure(picture.value, 'Learning curves: loss and accuracy per epoch, training and validation'));
  else parts.push(`<p class="missing">No picture: ${escapeHtml(picture.reason)}.</p>`);
  if (history.ok) parts.push(historyTable(history.value));
  return { html: parts.join('') };
}

function testRows(metrics: RunMetrics): [string, string][] {
  return [
    ['Test loss', fixed(metrics.test_loss, 4)],
    ['Test accuracy', percent(metrics.test_accuracy)],
  ];
}

async function testResults({ run }: SectionContext): Promise<SectionBody> {
  const metrics = await run.metrics();
  return metrics.ok ? { html: keyValueTable(testRows(metrics.value)) } : why(metrics, 'written when kerasts train finishes');
}

function pictureSection(file: string, alt: string, howToGet: string) {
  return async ({ run }: SectionContext): Promise<SectionBody> => {
    const picture = await run.picture(file);
    return picture.ok ? { html: pictureFigure(picture.value, alt) } : why(picture, howToGet);
  };
}

async function filters({ run }: SectionContext): Promise<SectionBody> {
  const [before, after] = await Promise.all([run.picture(RUN_FILES.filtersBefore), run.picture(RUN_FILES.filtersAfter)]);
  if (!before.ok && !after.ok) return why(before, 'written by kerasts train for a model with a Conv2D layer');
  const one = (loaded: Loaded<Picture>, caption: string) =>
    loaded.ok ? pictureFigure(loaded.value, `First convolution layer's filters ${caption}`, caption, upscale(loaded.value)) : `<p class="missing">${escapeHtml(caption)}: ${escapeHtml(loaded.reason)}</p>`;
  return { html: one(before, 'before training') + one(after, 'after training') };
}

async function speed({ run }: SectionContext): Promise<SectionBody> {
  const metrics = await run.metrics();
  if (!metrics.ok) return why(metrics, 'written when kerasts train finishes');
  const m = metrics.value;
  return {
    html: keyValueTable([
      ['Images per second', m.images_per_second.toFixed(0)],
      ['Seconds per epoch (training steps only, without validation)', m.seconds_per_epoch.toFixed(1)],
      ['Backend', m.backend],
      ['Workers', String(m.workers)],
    ]),
  };
}

export const REPORT_SECTIONS: ReportSection[] = [
  { id: 'overview', title: 'Run', render: overview },
  { id: 'settings', title: 'Settings and spec', render: settingsAndSpec },
  { id: 'summary', title: 'Model summary', render: summaryTable },
  { id: 'diagram', title: 'Model diagram', render: diagram },
  { id: 'curves', title: 'Learning curves', render: learningCurves },
  { id: 'test', title: 'Test loss and accuracy', render: testResults },
  {
    id: 'confusion',
    title: 'Confusion matrix',
    render: pictureSection(RUN_FILES.confusionMatrix, 'Confusion matrix: rows true class, columns predicted, with counts', 'written by kerasts evaluate <run>'),
  },
  {
    id: 'misclassified',
    title: 'Misclassified examples',
    render: pictureSection(RUN_FILES.misclassified, 'Test images the model got wrong with the highest confidence', 'written by kerasts evaluate <run>'),
  },
  { id: 'filters', title: 'Filters before and after training', render: filters },
  { id: 'speed', title: 'Speed', render: speed },
];
