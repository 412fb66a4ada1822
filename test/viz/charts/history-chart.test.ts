import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EpochRecord } from '../../../src/run/schemas.js';
import { HISTORY_DATA, historyChartSpec, historyPanels, historyPoints, type LabelledHistory } from '../../../src/viz/charts/history-chart.js';

const record = (epoch: number, logs: Record<string, number>): EpochRecord => ({ epoch, logs, seconds: 1 });
const full: LabelledHistory = { label: 'a', history: [record(1, { loss: 0.9, acc: 0.5, val_loss: 1, val_acc: 0.4 }), record(2, { loss: 0.5, acc: 0.8, val_loss: 0.7, val_acc: 0.6 })] };
const lossOnly: LabelledHistory = { label: 'b', history: [record(1, { loss: 2 }), record(2, { loss: Number.NaN }), record(3, { loss: Infinity })] };

test('historyPoints gives one point per run, panel, split and epoch, leaving out non-finite values', () => {
  const points = historyPoints([full, lossOnly], ['loss', 'accuracy']);
  assert.equal(points.filter((p) => p.panel === 'Loss' && p.run === 'a').length, 4);
  assert.deepEqual(points.filter((p) => p.run === 'b'), [{ panel: 'Loss', run: 'b', split: 'training', epoch: 1, value: 2 }]);
  assert.deepEqual(
    points.filter((p) => p.panel === 'Accuracy' && p.split === 'validation').map((p) => p.value),
    [0.4, 0.6],
  );
  // Keras 2's names (accuracy, val_accuracy) count as accuracy too.
  const keras2 = historyPoints([{ label: 'k', history: [record(1, { loss: 1, accuracy: 0.3, val_accuracy: 0.2 })] }], ['accuracy']);
  assert.deepEqual(keras2.map((p) => [p.split, p.value]), [['training', 0.3], ['validation', 0.2]]);
  assert.equal(historyPoints([full], ['loss']).every((p) => p.panel === 'Loss'), true);
});

test('historyPanels: loss always, accuracy only when logged; a single metric only when logged', () => {
  assert.deepEqual(historyPanels([full]), ['loss', 'accuracy']);
  assert.deepEqual(historyPanels([lossOnly]), ['loss']);
  assert.deepEqual(historyPanels([lossOnly, full], 'both'), ['loss', 'accuracy']);
  assert.deepEqual(historyPanels([full], 'accuracy'), ['accuracy']);
  assert.deepEqual(historyPanels([lossOnly], 'accuracy'), []);
  assert.deepEqual(historyPanels([full], 'loss'), ['loss']);
});

test('historyChartSpec: one named dataset, one filtered panel per metric, colour by run when several', () => {
  const one = historyChartSpec([full]) as unknown as { data: { name: string; values: unknown[] }; hconcat: { title: string; transform: { filter: string }[]; encoding: { color: { field: string } } }[] };
  assert.equal(one.data.name, HISTORY_DATA);
  assert.equal(one.data.values.length, 8);
  assert.deepEqual(one.hconcat.map((p) => p.title), ['Loss', 'Accuracy']);
  assert.equal(one.hconcat[1].transform[0].filter, 'datum.panel === "Accuracy"');
  assert.equal(one.hconcat[0].encoding.color.field, 'split');
  const two = historyChartSpec([full, lossOnly], { metric: 'loss' }) as unknown as typeof one;
  assert.deepEqual(two.hconcat.map((p) => p.title), ['Loss']);
  assert.equal(two.hconcat[0].encoding.color.field, 'run');
});
