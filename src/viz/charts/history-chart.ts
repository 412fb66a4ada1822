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

const SPLITS = ['training', 'validation'];

interface Point {
  run: string;
  split: string;
  epoch: number;
  value: number;
}

/** The log keys of each panel: training and validation, in Keras's names and kerasts's. */
const PANELS = [
  { title: 'Loss', keys: { training: 'loss', validation: 'val_loss' } },
  { title: 'Accuracy', keys: { training: 'acc', validation: 'val_acc' } },
] as const;

function points(runs: readonly LabelledHistory[], keys: { training: string; validation: string }): Point[] {
  const out: Point[] = [];
  for (const run of runs) {
    for (const record of run.history) {
      for (const [split, key] of Object.entries(keys)) {
        const value = record.logs[key] ?? (key.endsWith('acc') ? record.logs[`${key}uracy`] : undefined);
        // Vega draws NaN as a gap; an infinite loss would wreck the scale, so it is left out too.
        if (value === undefined || !Number.isFinite(value)) continue;
        out.push({ run: run.label, split, epoch: record.epoch, value });
      }
    }
  }
  return out;
}

function panel(title: string, values: Point[], width: number, several: boolean) {
  return {
    title,
    width,
    height: 220,
    data: { values },
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, title: 'Epoch', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative' as const, title, scale: { zero: false } },
      // One run: colour tells training from validation. Several: colour is the run, the dash the split.
      color: several ? { field: 'run', type: 'nominal' as const, title: 'Run' } : { field: 'split', type: 'nominal' as const, title: null, sort: SPLITS, legend: { orient: 'top' as const, title: null } },
      strokeDash: { field: 'split', type: 'nominal' as const, title: several ? 'Data' : null, sort: SPLITS, legend: several ? {} : { orient: 'top' as const, title: null } },
    },
  };
}

/**
 * The Vega-Lite spec: a loss panel and, when any run logged accuracy, an accuracy panel,
 * side by side. A panel with no values at all is dropped rather than drawn empty.
 */
export function historyChartSpec(runs: readonly LabelledHistory[]): TopLevelSpec {
  const panels = PANELS.map((p) => ({ title: p.title, values: points(runs, p.keys) })).filter((p, i) => i === 0 || p.values.length > 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    hconcat: panels.map((p) => panel(p.title, p.values, 300, runs.length > 1)),
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
  } as TopLevelSpec;
}
