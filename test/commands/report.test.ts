import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeFakeRun } from '../helpers/report-run.js';

// Quick checks of `kerasts report`'s --out: refused before any run is looked up or drawn.
test('kerasts report --out with an extension other than .html or .htm is one line naming both, exit 2, nothing written', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const keep = join(dir, 'keep.txt');
  writeFileSync(keep, 'old');
  for (const out of [keep, join(dir, 'r.xhtml'), join(dir, 'report')]) {
    const result = runCli(['report', '--out', out], { cwd: dir });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^kerasts: --out: must end in \.html or \.htm\. Received: .+\.\n$/);
  }
  assert.equal(readFileSync(keep, 'utf8'), 'old');
  assert.equal(existsSync(join(dir, 'r.xhtml')), false);
  assert.equal(existsSync(join(dir, 'report')), false);
});

test('kerasts report --out r.htm is accepted: with no run under runs/ it goes on to say so, not to refuse the name', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const result = runCli(['report', '--out', join(dir, 'r.htm')], { cwd: dir });
  assert.equal(result.status, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /--out/);
  assert.match(result.stderr, /runs\/ must hold a finished run/);
});

test('kerasts report with neither a run nor --out describes the latest run under runs/ and writes report.html in the working directory', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(join(dir, 'runs', 'run-a'));
  const result = runCli(['report'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Wrote report\.html from runs\/run-a \(/);
  assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<title>kerasts report: run-a<\/title>/);
});
