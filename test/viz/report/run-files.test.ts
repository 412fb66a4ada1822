import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../../src/run/index.js';
import { ReportRun } from '../../../src/viz/report/run-files.js';
import { tempDir } from '../../helpers/cli.js';
import { METRICS, smallPng, writeFakeRun } from '../../helpers/report-run.js';

test('each file is read once and typed; the model is loaded once and freed by dispose', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(join(dir, 'run-1'));
  const run = new ReportRun(join(dir, 'run-1'));
  assert.equal(run.name, 'run-1');
  const metrics = await run.metrics();
  assert.deepEqual(metrics, { ok: true, value: METRICS });
  assert.equal(run.metrics(), run.metrics(), 'cached: the same promise');
  const history = await run.history();
  assert.ok(history.ok && history.value.length === 2);
  const model = await run.model();
  assert.ok(model.ok);
  assert.deepEqual(model.value.layers.map((l) => l.name), ['conv_a', 'conv_b', 'flat', 'out']);
  assert.equal(await run.model(), model, 'loaded once');
  await run.dispose();
  assert.throws(() => model.value.getWeights(), /disposed/, 'dispose freed the weights');
});

test('an absent file is missing with its name; a damaged one gives its one-line reason, not an exception', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(dir);
  const run = new ReportRun(dir);
  assert.deepEqual(await run.summary(), { ok: false, missing: true, reason: `the run has no ${RUN_FILES.summary}` });
  writeFileSync(join(dir, RUN_FILES.metrics), '{"test_loss": "high"}');
  const metrics = await new ReportRun(dir).metrics();
  assert.equal(metrics.ok, false);
  assert.ok(!metrics.ok && !metrics.missing && metrics.reason.includes(RUN_FILES.metrics) && !metrics.reason.includes('\n'), JSON.stringify(metrics));
});

test('pictures: PNG and SVG sizes from their bytes; anything else is damaged', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'a.png'), smallPng(7, 3));
  writeFileSync(join(dir, 'b.svg'), '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="30px"></svg>');
  writeFileSync(join(dir, 'c.png'), 'GIF89a not a png');
  const run = new ReportRun(dir);
  const png = await run.picture('a.png');
  assert.ok(png.ok);
  assert.deepEqual([png.value.mime, png.value.width, png.value.height], ['image/png', 7, 3]);
  const svg = await run.picture('b.svg');
  assert.ok(svg.ok);
  assert.deepEqual([svg.value.mime, svg.value.width, svg.value.height], ['image/svg+xml', 96, 30]);
  const bad = await run.picture('c.png');
  assert.ok(!bad.ok && !bad.missing);
  assert.match(bad.reason, /c\.png: must be a PNG or SVG image\. Received: other bytes\./);
});
