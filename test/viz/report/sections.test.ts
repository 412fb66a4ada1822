import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../../src/run/index.js';
import { ReportRun } from '../../../src/viz/report/run-files.js';
import { REPORT_SECTIONS, compactJson, type SectionBody } from '../../../src/viz/report/sections.js';
import { tempDir } from '../../helpers/cli.js';
import { writeFakeRun } from '../../helpers/report-run.js';

async function render(dir: string): Promise<Record<string, SectionBody>> {
  const run = new ReportRun(dir);
  const out: Record<string, SectionBody> = {};
  try {
    for (const section of REPORT_SECTIONS) out[section.id] = await section.render({ run, model: () => run.model() });
  } finally {
    await run.dispose();
  }
  return out;
}

const html = (body: SectionBody | undefined): string => {
  assert.ok(body && 'html' in body, `expected html, got ${JSON.stringify(body)}`);
  return body.html;
};

test('the sections, in page order, each drawn from the files it needs', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(dir);
  assert.deepEqual(REPORT_SECTIONS.map((s) => s.id), ['overview', 'settings', 'summary', 'diagram', 'curves', 'test', 'confusion', 'misclassified', 'filters', 'speed']);
  const sections = await render(dir);
  assert.match(html(sections.overview), /mnist \(full set\).*100 train, 20 validation, 30 test.*2 \(early stopping\)/);
  assert.match(html(sections.settings), /backend<\/th><td>wasm \(from --backend\)/);
  assert.match(html(sections.settings), /<h3>Spec<\/h3><details><summary>The resolved spec, \d+ lines of JSON<\/summary><pre>\{/);
  assert.match(html(sections.summary), /conv_a \(Conv2D\)/, 'no summary.txt: drawn from the model');
  assert.match(html(sections.diagram), /^<div class="diagram"><svg/);
  assert.match(html(sections.curves), /<th scope="col">epoch<\/th><th scope="col">loss<\/th><th scope="col">acc<\/th><th scope="col">seconds<\/th>.*<td>2<\/td><td>0\.2500<\/td><td>0\.9000<\/td><td>1\.3<\/td>/);
  assert.match(html(sections.test), /Test loss<\/th><td>0\.1234.*Test accuracy<\/th><td>98\.76%/);
  assert.deepEqual(sections.confusion, { missing: `the run has no ${RUN_FILES.confusionMatrix} (written by kerasts evaluate <run>)` });
  assert.match(html(sections.filters), /<img src="data:image\/png;base64,[^"]+" alt="First convolution layer&#39;s filters before training" width="498" height="332" class="pixelated">.*width="496" height="310" class="pixelated"/, 'a 6×4 grid shown 83 times larger, an 8×5 one 62 times: about 500 px wide each');
  assert.match(html(sections.speed), /Images per second<\/th><td>1234<\/td>.*Seconds per epoch \(training steps only, without validation\)<\/th><td>5\.3<\/td>.*Workers<\/th><td>2/);
});

test('without the model, metrics or history, their sections say what is missing and how to get it', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(dir);
  for (const file of [RUN_FILES.model, RUN_FILES.metrics, RUN_FILES.history, RUN_FILES.filtersBefore]) rmSync(join(dir, file));
  const sections = await render(dir);
  assert.deepEqual(sections.diagram, { missing: `the run has no ${RUN_FILES.model} (written by kerasts train)` });
  assert.deepEqual(sections.test, { missing: `the run has no ${RUN_FILES.metrics} (written when kerasts train finishes)` });
  assert.deepEqual(sections.curves, { missing: `the run has no ${RUN_FILES.history} (written by kerasts train after every epoch)` });
  assert.match(html(sections.overview), /<th scope="row">Dataset<\/th><td>mnist<\/td>/, 'the dataset from the spec');
  assert.match(html(sections.filters), /<p class="missing">before training: the run has no filters-before\.png<\/p><figure>/);
});

test('compactJson puts lists of numbers and strings on one line and keeps every value', () => {
  const spec = { layers: [{ kernel_size: [3, 3], names: ['a, b', 'c"d'] }], nested: [[1, 2], [3]], empty: [], text: 'x' };
  const text = compactJson(spec);
  assert.match(text, /"kernel_size": \[3, 3\]/);
  assert.match(text, /"nested": \[\n\s+\[1, 2\],\n\s+\[3\]\n\s+\]/);
  assert.deepEqual(JSON.parse(text), spec);
});
