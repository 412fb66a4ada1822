import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReportOut, describeReport, runReport } from '../../../src/viz/report/run-report.js';
import { tempDir } from '../../helpers/cli.js';
import { writeFakeRun } from '../../helpers/report-run.js';
import { userError } from '../../helpers/user-error.js';

test('--out must be .html or .htm; a picture extension points at plot', () => {
  checkReportOut('r.HTML');
  checkReportOut('dir/r.htm');
  assert.throws(() => checkReportOut('r.png'), userError(/^--out: must end in \.html or \.htm\. Received: r\.png\. The model diagram alone .*kerasts plot/));
  assert.throws(() => checkReportOut('r.txt'), userError(/^--out: must end in \.html or \.htm\. Received: r\.txt\.$/));
});

test('a run becomes one page with every section; the result lists which are missing', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(join(dir, 'run-a'));
  const out = join(dir, 'report.html');
  const result = await runReport({ run: join(dir, 'run-a'), out });
  const page = readFileSync(out, 'utf8');
  assert.equal(result.bytes, Buffer.byteLength(page));
  assert.match(page, /<title>kerasts report: run-a<\/title>/);
  assert.equal(result.sections.length, 10);
  const missing = result.sections.filter((s) => !s.present).map((s) => s.id);
  assert.deepEqual(missing, ['confusion', 'misclassified']);
  assert.equal(page.match(/<section /g)?.length, 10);
  const text = describeReport(result);
  assert.match(text, new RegExp(`^Wrote ${out.replace(/[.]/g, '\\.')} from ${result.run.replace(/[.]/g, '\\.')} \\(\\d+ KiB, 8 of 10 sections\\)\\n  missing: Confusion matrix: the run has no confusion-matrix\\.png`));
});

test('a path that is not a run is refused before anything is written', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'file'), 'x');
  const out = join(dir, 'r.html');
  await assert.rejects(runReport({ run: join(dir, 'empty'), out }), userError(/empty: must be a run directory written by kerasts train\. Received: a directory with neither model\.json nor spec\.json\./, 'NOT_A_RUN'));
  await assert.rejects(runReport({ run: join(dir, 'file'), out }), userError(/Received: a file\./, 'NOT_A_RUN'));
  // A user's folder with their own spec.json is no run (train writes settings.json beside it).
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'spec.json'), '{}');
  await assert.rejects(runReport({ run: join(dir, 'data'), out }), userError(/data: must be a run directory written by kerasts train\. Received: a directory with spec\.json but no settings\.json\./, 'NOT_A_RUN'));
  await assert.rejects(runReport({ run: join(dir, 'nope'), out }), userError(/Received: nothing \(no such directory\)\./, 'NOT_A_RUN'));
  await assert.rejects(runReport({ run: join(dir, 'empty'), out: join(dir, 'no-dir', 'r.html') }), userError(/--out: its folder must exist/));
});
