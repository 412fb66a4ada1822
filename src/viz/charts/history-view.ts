/**
 * Learning curves redrawn again and again (after every epoch): the Vega-Lite spec is compiled
 * and its vega View built once; a redraw only replaces the points and renders. Compiling,
 * parsing and building the view were about 40% of the SVG's cost (scripts/bench-history-plot.ts).
 */
import type { View } from 'vega';
import { HISTORY_DATA, historyChartSpec, historyPanels, historyPoints, type HistoryMetric, type LabelledHistory, type PanelMetric } from './history-chart.js';
import { vegaLiteView } from './vega-svg.js';

export class HistoryChartView {
  private view: View | undefined;
  /** What the compiled spec depends on besides the points: the panels and the legend's shape. */
  private shape = '';
  /** How many times a spec was compiled (a redraw with the same shape reuses the view). */
  compiles = 0;

  /** `metric` picks the panels from what the runs logged; a list of panels fixes them. */
  constructor(private readonly metric: HistoryMetric | readonly PanelMetric[] = 'both') {}

  /** The SVG text of the curves of `runs`. */
  async svg(runs: readonly LabelledHistory[]): Promise<string> {
    const panels = typeof this.metric === 'string' ? historyPanels(runs, this.metric) : [...this.metric];
    const shape = JSON.stringify([panels, runs.length > 1]);
    if (this.view && shape === this.shape) {
      this.view.data(HISTORY_DATA, historyPoints(runs, panels));
    } else {
      this.finalize();
      this.view = await vegaLiteView(historyChartSpec(runs, { panels }));
      this.shape = shape;
      this.compiles += 1;
    }
    return this.view.toSVG();
  }

  /** Frees the view's dataflow (timers, listeners); a later `svg` compiles again. */
  finalize(): void {
    this.view?.finalize();
    this.view = undefined;
  }
}
