/** `kerasts plot-history`: the learning curves of one or several runs on the same axes, as PNG or SVG. */
import { writeFileAtomic } from '../../util/atomic-write.js';
import { encodePicture, plotFormat, type PlotFormat } from '../diagram/run-plot.js';
import { checkOutputPath } from '../png.js';
import type { HistoryMetric, PanelMetric } from './history-chart.js';
import { historyRunDirs, readRunHistories, sharedPanels } from './history-runs.js';
import { HistoryChartView } from './history-view.js';

export const DEFAULT_HISTORY_OUT = 'curves.png';
export const DEFAULT_HISTORY_DPI = 96;

export interface PlotHistoryOptions {
  /** Run directories; none means the run under runs/ whose history was written last. */
  runs: readonly string[];
  out: string;
  metric: HistoryMetric;
  dpi?: number;
}

export interface PlotHistoryResult {
  out: string;
  format: PlotFormat;
  /** Pixels of the PNG, or CSS pixels of the SVG. */
  width: number;
  height: number;
  bytes: number;
  panels: PanelMetric[];
  runs: { name: string; dir: string; epochs: number }[];
  /** What was left out and why (a metric not every run logged). */
  notices: string[];
}

/** Reads the runs, draws their curves and writes them atomically; on any mistake nothing is written. */
export async function runPlotHistory(options: PlotHistoryOptions): Promise<PlotHistoryResult> {
  const format = plotFormat(options.out);
  await checkOutputPath(options.out);
  const runs = await readRunHistories(await historyRunDirs(options.runs));
  const { panels, notices } = sharedPanels(runs, options.metric);
  const chart = new HistoryChartView(panels);
  let svg: string;
  try {
    svg = await chart.svg(runs);
  } finally {
    chart.finalize();
  }
  const { data, size } = encodePicture(svg, format, options.dpi ?? DEFAULT_HISTORY_DPI);
  await writeFileAtomic(options.out, data);
  const drawn = runs.map((run) => ({ name: run.label, dir: run.dir, epochs: run.history.length }));
  return { out: options.out, format, ...size, bytes: data.length, panels, runs: drawn, notices };
}

/** One line for the terminal: what was written. */
export function describePlotHistory(result: PlotHistoryResult): string {
  const runs = result.runs.length === 1 ? `run ${result.runs[0].name}` : `${result.runs.length} runs`;
  return `Wrote ${result.out} (${result.format.toUpperCase()}, ${result.width} x ${result.height}, ${result.panels.join(' and ')} of ${runs})`;
}
