/** The confusion matrix as a heatmap with counts (tfjs-vis `show.confusionMatrix`), true class down, predicted across. */
import type { TopLevelSpec } from 'vega-lite';
import type { ConfusionMatrix } from '../../model/confusion.js';

export function confusionChartSpec(confusion: ConfusionMatrix): TopLevelSpec {
  const values = confusion.matrix.flatMap((row, t) => row.map((count, p) => ({ true: confusion.classNames[t], predicted: confusion.classNames[p], count })));
  const order = [...confusion.classNames];
  const cell = Math.max(24, Math.min(48, Math.floor(480 / Math.max(1, order.length))));
  const max = Math.max(1, ...values.map((v) => v.count));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Confusion matrix',
    width: cell * order.length,
    height: cell * order.length,
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'Predicted class', axis: { labelAngle: -45, orient: 'top' } },
      y: { field: 'true', type: 'nominal', sort: order, title: 'True class' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', title: 'Count', scale: { scheme: 'blues', domainMin: 0 } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          // Light text on the dark half of the scale, so every count stays readable.
          color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
}
