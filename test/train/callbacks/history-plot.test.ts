import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { PNG } from 'pngjs';
import { RUN_FILES } from '../../../src/run/layout.js';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { HistoryPlot } from '../../../src/train/callbacks/history-plot.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop } from '../../helpers/training-loop.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('after each epoch the learning curves are redrawn from the whole history, as SVG and PNG', async (t) => {
  const { dir, remove } = tempDir('kerasts-history-plot-');
  t.after(remove);
  const plot = new HistoryPlot(new RunDirectory(dir), 'my run');
  const loop = new FakeLoop();
  await plot.onEpochEnd(loop.record(1, { loss: 2.1, acc: 0.3, val_loss: 2.3, val_acc: 0.25 }), loop);
  const firstSvg = readFileSync(join(dir, RUN_FILES.historySvg), 'utf8');
  assert.ok(firstSvg.startsWith('<svg'));
  assert.ok(firstSvg.includes('Epoch: 1; Loss: 2.1; split: training'), 'the first epoch is drawn');
  await plot.onEpochEnd(loop.record(2, { loss: 1.2, acc: 0.6, val_loss: 1.4, val_acc: 0.55 }), loop);
  const svg = readFileSync(join(dir, RUN_FILES.historySvg), 'utf8');
  assert.notEqual(svg, firstSvg, 'the second epoch changes the picture');
  for (const point of ['Epoch: 1; Loss: 2.1; split: training', 'Epoch: 2; Loss: 1.2; split: training', 'Epoch: 2; Loss: 1.4; split: validation']) {
    assert.ok(svg.includes(point), `${point} is drawn`);
  }
  const png = PNG.sync.read(readFileSync(join(dir, RUN_FILES.historyPng)));
  assert.ok(png.width > 100 && png.height > 100);
  assert.ok(statSync(join(dir, RUN_FILES.historyPng)).size > 0);
  assert.ok(plot.lastMs > 0);
});
