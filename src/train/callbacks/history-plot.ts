import { RUN_FILES } from '../../run/layout.js';
import type { EpochRecord } from '../../run/schemas.js';
import type { RunDirectory } from '../../run/run-directory.js';
import { HistoryChartView } from '../../viz/charts/history-view.js';
import { svgToPngAsync } from '../../viz/render/svg-to-png.js';
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
 * watch them while training runs. The SVG comes from one compiled vega view (history-view.ts);
 * the PNG is drawn on the thread pool while the next epoch trains. With short epochs a redraw
 * is skipped until enough time has passed to keep its share under `maxShare`; the end of
 * training always draws the last epochs. Measured with scripts/bench-history-plot.ts.
 */
export class HistoryPlot implements Callback {
  readonly name = 'history_plot';
  /** Milliseconds the last redraw took, SVG and PNG written. */
  lastMs = 0;
  /** Redraws started so far. */
  draws = 0;
  private readonly chart = new HistoryChartView();
  private readonly maxShare: number;
  private readonly now: () => number;
  private drawnAt = -Infinity;
  private stale = false;
  /** The PNG being drawn and written, if any; its failure is rethrown by the next hook. */
  private pending: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly runDir: RunDirectory,
    private readonly label: string,
    options: HistoryPlotOptions = {},
  ) {
    this.maxShare = options.maxShare ?? 0.05;
    this.now = options.now ?? (() => performance.now());
  }

  async onEpochEnd(_record: unknown, loop: TrainingLoop): Promise<void> {
    this.rethrow();
    this.stale = true;
    // One PNG at a time: a redraw due while the last is still drawing waits for a later epoch.
    if (this.pending === undefined && this.now() - this.drawnAt >= this.lastMs / this.maxShare) await this.draw(loop.history);
  }

  async onTrainEnd(loop: TrainingLoop): Promise<void> {
    try {
      await this.idle();
      if (this.stale) {
        await this.draw(loop.history);
        await this.idle();
      }
    } finally {
      this.chart.finalize();
    }
  }

  /** Waits for the PNG being drawn, and throws if drawing or writing it failed. */
  async idle(): Promise<void> {
    await this.pending;
    this.rethrow();
  }

  private rethrow(): void {
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure;
  }

  private async draw(history: readonly EpochRecord[]): Promise<void> {
    const started = this.now();
    const svg = await this.chart.svg([{ label: this.label, history }]);
    await this.runDir.writePicture(RUN_FILES.historySvg, svg);
    this.draws += 1;
    this.stale = false;
    this.pending = svgToPngAsync(svg)
      .then((png) => this.runDir.writePicture(RUN_FILES.historyPng, png))
      .catch((error: unknown) => {
        this.failure = error;
      })
      .finally(() => {
        this.drawnAt = this.now();
        this.lastMs = this.drawnAt - started;
        this.pending = undefined;
      });
  }
}
