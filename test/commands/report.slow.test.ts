import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { project } from '../helpers/train-project.js';

const CHROMIUM = '/usr/bin/chromium';

/** A one-epoch run on synthetic data, made once for every test in this file. */
function trainedRun(t: { after: (fn: () => void) => void }): { dir: string; run: string } {
  const p = project(t);
  const run = join(p.dir, 'run');
  const result = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', run, '--epochs', '1', '--limit', '64', '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  return { dir: p.dir, run };
}

interface ReportJson {
  out: string;
  bytes: number;
  sections: { id: string; title: string; present: boolean; missing?: string }[];
}

test('kerasts report writes one self-contained page, naming the sections the run has no files for', async (t) => {
  const { dir, run } = trainedRun(t);
  const out = join(dir, 'report.html');
  const result = runCli(['report', run, '--out', out, '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as ReportJson;
  assert.equal(report.bytes, readFileSync(out).length);
  const html = readFileSync(out, 'utf8');
  // Nothing is fetched: every picture is inline.
  assert.doesNotMatch(html, /<img[^>]+src="(?!data:)/);
  assert.doesNotMatch(html, /\[object Object\]/);
  const present = report.sections.filter((s) => s.present).map((s) => s.id);
  const missing = report.sections.filter((s) => !s.present);
  assert.ok(present.length >= 5, `sections drawn: ${present.join(', ')}`);
  // A run that was never evaluated has no confusion matrix: the page says so rather than failing.
  for (const section of missing) assert.ok(section.missing && html.includes(section.title), `missing section ${section.id} is named with a reason`);
  assert.match(html, /<svg/);
  assert.match(html, /conv2d_1/);

  // Without history.csv and its pictures the curves section is reported missing and the page is still written.
  for (const file of ['history.csv', 'history.svg', 'history.png']) rmSync(join(run, file));
  const again = runCli(['report', run, '--out', out, '--json'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  const fewer = JSON.parse(again.stdout) as ReportJson;
  assert.ok(fewer.sections.filter((s) => !s.present).length > missing.length, 'one more section missing without the history');

  // .htm is the other spelling of an HTML file, accepted as convert takes both .h5 and .hdf5.
  const htm = join(dir, 'report.htm');
  const short = runCli(['report', run, '--out', htm], { cwd: dir });
  assert.equal(short.status, 0, short.stderr);
  assert.match(short.stdout, /^Wrote .*report\.htm from .+ \(/);
  assert.match(readFileSync(htm, 'utf8'), /^<!DOCTYPE html>/i);

  if (!existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is absent (apt-get install chromium): the page was not opened in a browser`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url()); });
    await page.goto(pathToFileURL(out).href);
    const images = await page.$$eval('img', (nodes) => nodes.map((img) => ({ width: (img as HTMLImageElement).naturalWidth, complete: (img as HTMLImageElement).complete })));
    assert.ok(images.length >= 1, 'the page shows pictures');
    for (const image of images) assert.ok(image.complete && image.width > 0, 'every picture decodes in the browser');
    const headings = await page.$$eval('h2', (nodes) => nodes.map((node) => node.textContent ?? ''));
    for (const section of report.sections) assert.ok(headings.some((h) => h.includes(section.title)), `heading for ${section.title} in ${JSON.stringify(headings)}`);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});

test('kerasts report refuses a bad --out or a folder that is not a run, leaving files alone', (t) => {
  const p = project(t);
  const keep = join(p.dir, 'keep.png');
  writeFileSync(keep, 'old');
  const cases: { args: string[]; pattern: RegExp }[] = [
    { args: ['report', p.dir, '--out', keep], pattern: /^kerasts: --out: must end in \.html or \.htm\. Received: .*keep\.png\. The model diagram/ },
    { args: ['report', p.data, '--out', join(p.dir, 'r.html')], pattern: /must be a run directory/ },
    { args: ['report', join(p.dir, 'nope'), '--out', join(p.dir, 'r.html')], pattern: /must be a run directory.*no such directory/ },
  ];
  for (const { args, pattern } of cases) {
    const result = runCli(args, { cwd: p.dir });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length <= 2, true, result.stderr);
  }
  assert.equal(readFileSync(keep, 'utf8'), 'old');
  assert.equal(existsSync(join(p.dir, 'r.html')), false);
});
