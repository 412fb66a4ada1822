import { RUN_FILES } from '../../run/layout.js';
import type { EpochRecord } from '../../run/schemas.js';
import type { RunDirectory } from '../../run/run-directory.js';
import { HistoryChartView } from '../../viz/charts/history-view.js';
import { svgToPng } from '../../viz/render/svg-to-png.js';
import type { Callback, TrainingLoop } from './callback.js';

export interface HistoryPlotOptions {
  /**
   * Largest share of the training time the redraws may take: after a redraw that cost c ms,
   * the next waits until c / maxShare ms have passed. Default 0.05.
   */
  maxShare?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

/**
 * Redraws the learning curves (history.svg and history.png) after an epoch, so a user can
 * watch them while training runs. A redraw costs about 50-90 ms (scripts/bench-history-plot.ts);
 * with short epochs it is skipped until enough training time has passed to keep its share under
 * `maxShare`, and the end of training always draws the last epochs.
 */
export class HistoryPlot implements Callback {
  readonly name = 'history_plot';
  /** Milliseconds the last redraw took. */
  lastMs = 0;
  /** Redraws done so far. */
  draws = 0;
  private readonly chart = new HistoryChartView();
  private readonly maxShare: number;
  private readonly now: () => number;
  private drawnAt = -Infinity;
  private stale = false;

  constructor(
    private readonly runDir: RunDirectory,
    private readonly label: string,
    options: HistoryPlotOptions = {},
  ) {
    this.maxShare = options.maxShare ?? 0.05;
    this.now = options.now ?? (() => performance.now());
  }

  async onEpochEnd(_record: unknown, loop: TrainingLoop): Promise<void> {
    this.stale = true;
    if (this.now() - this.drawnAt >= this.lastMs / this.maxShare) await this.draw(loop.history);
  }

  async onTrainEnd(loop: TrainingLoop): Promise<void> {
    try {
      if (this.stale) await this.draw(loop.history);
    } finally {
      this.chart.finalize();
    }
  }

  private async draw(history: readonly EpochRecord[]): Promise<void> {
    const started = this.now();
    const svg = await this.chart.svg([{ label: this.label, history }]);
    await this.runDir.writePicture(RUN_FILES.historySvg, svg);
    await this.runDir.writePicture(RUN_FILES.historyPng, svgToPng(svg));
    this.drawnAt = this.now();
    this.lastMs = this.drawnAt - started;
    this.draws += 1;
    this.stale = false;
  }
}
