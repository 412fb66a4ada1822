import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { RUN_FILES } from '../../../src/run/layout.js';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { HistoryPlot } from '../../../src/train/callbacks/history-plot.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop } from '../../helpers/training-loop.js';

/** Points drawn in the SVG: one per epoch, split and panel. */
const points = (svg: string) => (svg.match(/aria-roledescription="point"/g) ?? []).length;

test('HistoryPlot draws the first epoch, skips redraws that would take more than maxShare of the time, and draws the rest at the end', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const runDir = new RunDirectory(dir);
  // Every reading of the clock advances it 10 ms: a redraw "costs" 10 ms, so the next waits 200 ms.
  let time = 0;
  const plot = new HistoryPlot(runDir, 'my-run', { maxShare: 0.05, now: () => (time += 10) });
  const loop = new FakeLoop({} as never);
  const epoch = (n: number) => plot.onEpochEnd(loop.record(n, { loss: 1 / n, acc: n / 10, val_loss: 1.5 / n, val_acc: n / 12 }), loop);
  const svg = () => readFileSync(runDir.path(RUN_FILES.historySvg), 'utf8');

  await epoch(1);
  assert.equal(plot.draws, 1);
  assert.equal(points(svg()), 4);
  // The PNG is drawn off this thread; idle waits for it.
  await plot.idle();
  assert.equal(plot.lastMs, 10);
  await epoch(2);
  assert.equal(plot.draws, 1, 'too soon after the last redraw');
  time += 300;
  await epoch(3);
  await plot.idle();
  assert.equal(plot.draws, 2);
  assert.equal(points(svg()), 12);
  await epoch(4);
  assert.equal(plot.draws, 2);
  await plot.onTrainEnd(loop);
  assert.equal(plot.draws, 3, 'the end of training draws the epochs skipped');
  assert.equal(points(svg()), 16);
  await plot.onTrainEnd(loop);
  assert.equal(plot.draws, 3, 'nothing left to draw');

  const png = PNG.sync.read(readFileSync(runDir.path(RUN_FILES.historyPng)));
  assert.ok(png.width > 400 && png.height > 200, `${png.width} x ${png.height}`);
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200) inked++;
  assert.ok(inked > 1000, `${inked} dark pixels`);
});

test('HistoryPlot redraws every epoch when epochs are long beside a redraw', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  let time = 0;
  // Each epoch takes 10 s of this clock, far more than 20 times a redraw.
  const plot = new HistoryPlot(new RunDirectory(dir), 'r', { now: () => time });
  const loop = new FakeLoop({} as never);
  for (let n = 1; n <= 3; n++) {
    time += 10_000;
    await plot.onEpochEnd(loop.record(n, { loss: 1 / n }), loop);
    await plot.idle();
  }
  assert.equal(plot.draws, 3);
  await plot.onTrainEnd(loop);
  assert.equal(plot.draws, 3);
});

test('HistoryPlot rethrows a failure to write the PNG drawn in the background', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const runDir = new RunDirectory(dir);
  // A folder where history.png should go: the SVG is written, the PNG's rename fails.
  mkdirSync(runDir.path(RUN_FILES.historyPng));
  const plot = new HistoryPlot(runDir, 'r', { now: () => 0 });
  const loop = new FakeLoop({} as never);
  await plot.onEpochEnd(loop.record(1, { loss: 1 }), loop);
  assert.match(readFileSync(runDir.path(RUN_FILES.historySvg), 'utf8'), /<svg/);
  // writeFileAtomic refuses to rename over anything but a regular file.
  await assert.rejects(plot.idle(), /must be a regular file to be written\. Received: a directory\./);
  // Reported once; the next epoch draws again.
  await plot.onEpochEnd(loop.record(2, { loss: 0.5 }), loop);
  assert.equal(plot.draws, 2);
  await assert.rejects(plot.onTrainEnd(loop));
});
