/**
 * Learning curves (Keras's History, tfjs-vis `show.history`): loss and accuracy against the
 * epoch, training and validation, for one run or several on the same axes.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochRecord } from '../../run/schemas.js';

/** One run's history, labelled as the legend should name it. */
export interface LabelledHistory {
  label: string;
  history: readonly EpochRecord[];
}

export const HISTORY_METRICS = ['loss', 'accuracy', 'both'] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

/**
 * The one dataset every panel filters its points from: a redraw replaces its values in a
 * compiled view (history-view.ts) instead of compiling the spec again.
 */
export const HISTORY_DATA = 'history';

const SPLITS = ['training', 'validation'];

export interface HistoryPoint {
  panel: string;
  run: string;
  split: string;
  epoch: number;
  value: number;
}

/** The log keys of each panel: training and validation, in Keras's names and kerasts's. */
const PANELS = [
  { metric: 'loss', title: 'Loss', keys: { training: ['loss'], validation: ['val_loss'] } },
  { metric: 'accuracy', title: 'Accuracy', keys: { training: ['acc', 'accuracy'], validation: ['val_acc', 'val_accuracy'] } },
] as const;
export type PanelMetric = (typeof PANELS)[number]['metric'];

/** Whether an epoch logged `metric` (for training, or for validation too). */
export function logsMetric(record: EpochRecord, metric: PanelMetric): boolean {
  const panel = PANELS.find((p) => p.metric === metric)!;
  return [...panel.keys.training, ...panel.keys.validation].some((key) => record.logs[key] !== undefined);
}

/** The points of `runs` for the panels `metrics`, in one list. */
export function historyPoints(runs: readonly LabelledHistory[], metrics: readonly PanelMetric[]): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  for (const panel of PANELS.filter((p) => metrics.includes(p.metric))) {
    for (const run of runs) {
      for (const record of run.history) {
        for (const [split, keys] of Object.entries(panel.keys) as [string, readonly string[]][]) {
          const value = keys.map((key) => record.logs[key]).find((v) => v !== undefined);
          // Vega draws NaN as a gap; an infinite loss would wreck the scale, so it is left out too.
          if (value === undefined || !Number.isFinite(value)) continue;
          out.push({ panel: panel.title, run: run.label, split, epoch: record.epoch, value });
        }
      }
    }
  }
  return out;
}

/**
 * The panels to draw for `metric`: loss, and accuracy when any run logged it (a panel with
 * no values is dropped rather than drawn empty).
 */
export function historyPanels(runs: readonly LabelledHistory[], metric: HistoryMetric = 'both'): PanelMetric[] {
  const logged = (m: PanelMetric) => runs.some((run) => run.history.some((record) => logsMetric(record, m)));
  const wanted: PanelMetric[] = metric === 'both' ? ['loss', 'accuracy'] : [metric];
  return wanted.filter((m, i) => logged(m) || (i === 0 && metric === 'both'));
}

function panel(title: string, width: number, several: boolean) {
  return {
    title,
    width,
    height: 220,
    transform: [{ filter: `datum.panel === ${JSON.stringify(title)}` }],
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative' as const, title, scale: { zero: false } },
      // One run: colour tells training from validation. Several: colour is the run, the dash the split.
      color: several ? { field: 'run', type: 'nominal' as const, title: 'Run' } : { field: 'split', type: 'nominal' as const, title: null, sort: SPLITS, legend: { orient: 'top' as const, title: null } },
      // Several runs: the dash legend draws a line segment (a point would hide the dash).
      strokeDash: {
        field: 'split',
        type: 'nominal' as const,
        title: several ? 'Data' : null,
        sort: SPLITS,
        legend: several
          ? { symbolType: 'stroke', symbolSize: 400, encode: { symbols: { update: { stroke: { value: '#555' }, strokeWidth: { value: 2 } } } } }
          : { orient: 'top' as const, title: null },
      },
    },
  };
}

export interface HistoryChartOptions {
  /** Which panels: loss, accuracy or both (default; accuracy only when logged). */
  metric?: HistoryMetric;
  /** The panels, when the caller already chose them (historyPanels). */
  panels?: readonly PanelMetric[];
}

/** The panels' titles, in order, for `metrics`. */
function titles(metrics: readonly PanelMetric[]): string[] {
  return PANELS.filter((p) => metrics.includes(p.metric)).map((p) => p.title);
}

/** The Vega-Lite spec: one panel per metric, side by side, all reading the HISTORY_DATA points. */
export function historyChartSpec(runs: readonly LabelledHistory[], options: HistoryChartOptions = {}): TopLevelSpec {
  const metrics = options.panels ?? historyPanels(runs, options.metric);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { name: HISTORY_DATA, values: historyPoints(runs, metrics) },
    hconcat: titles(metrics).map((title) => panel(title, 300, runs.length > 1)),
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
    // Without resize, a reused view (history-view.ts) keeps the padding of its widest labels so far.
    autosize: { type: 'pad', resize: true },
  } as TopLevelSpec;
}
