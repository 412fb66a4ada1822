import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { initBackend } from '../../src/backend/select.js';
import { buildModel } from '../../src/model/build.js';
import { saveModelToDir } from '../../src/io/file-io.js';
import { loadSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';
import { runCli, tempDir } from '../helpers/cli.js';

// These run the real binary (bin/kerasts → dist/): build dist/ first.
const root = new URL('../../', import.meta.url).pathname;
const kerasts = (args: string[]) => runCli(args, { cwd: root });

const TF_SHAPES = ['(None, 28, 28, 1)', '(None, 26, 26, 32)', '(None, 24, 24, 32)', '(None, 12, 12, 32)', '(None, 4608)', '(None, 128)', '(None, 10)'];
const TH_SHAPES = ['(None, 1, 28, 28)', '(None, 32, 26, 26)', '(None, 32, 24, 24)', '(None, 32, 12, 12)', '(None, 4608)', '(None, 128)', '(None, 10)'];

/** The text of the SVG's <text> elements, entities decoded (Graphviz writes `-` as &#45;). */
function svgTexts(svg: string): string[] {
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&(#\d+|\w+);/g, (_, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : entities[name]!)).trim(),
  );
}

function nonWhite(png: PNG): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 240 || png.data[i + 1] < 240 || png.data[i + 2] < 240) count++;
  return count;
}

test('kerasts plot --out m.svg shows the tf shapes, and the th shapes with --image-dim-ordering th', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const tfOut = join(dir, 'm.svg');
  const tfRun = kerasts(['plot', 'configs/mnist_cnn.json', '--out', tfOut]);
  assert.equal(tfRun.status, 0, tfRun.stderr);
  assert.equal(tfRun.stderr, '');
  assert.match(tfRun.stdout, /^Wrote .*m\.svg \(SVG, \d+ x \d+, 13 layers\)\n$/);
  const tfTexts = svgTexts(readFileSync(tfOut, 'utf8'));
  for (const shape of TF_SHAPES) assert.ok(tfTexts.includes(shape), `tf: ${shape} in ${JSON.stringify(tfTexts)}`);
  assert.ok(!tfTexts.includes('(None, 32, 26, 26)'));
  for (const text of ['conv2d_1', '(Conv2D)', 'max_pooling2d_1', '(MaxPooling2D)', 'dense_2', '(Dense)', '(InputLayer)']) assert.ok(tfTexts.includes(text), text);
  // Parameters and activations only on request.
  assert.ok(!tfTexts.includes('params:'));

  const thOut = join(dir, 'th.svg');
  const thRun = kerasts(['--image-dim-ordering', 'th', 'plot', 'configs/mnist_cnn.json', '--out', thOut, '--show-params', '--json']);
  assert.equal(thRun.status, 0, thRun.stderr);
  const result = JSON.parse(thRun.stdout) as { out: string; format: string; width: number; height: number; bytes: number; layers: number };
  assert.equal(result.format, 'svg');
  assert.equal(result.layers, 13);
  assert.equal(result.bytes, readFileSync(thOut).length);
  const thTexts = svgTexts(readFileSync(thOut, 'utf8'));
  for (const shape of TH_SHAPES) assert.ok(thTexts.includes(shape), `th: ${shape}`);
  assert.ok(!thTexts.includes('(None, 26, 26, 32)'));
  for (const text of ['params:', '320', '9,248', '589,952', '1,290', 'softmax']) assert.ok(thTexts.includes(text), text);
});

test('kerasts plot --out m.png writes a PNG that decodes, is not blank, and scales with --dpi', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const sizes: [number, number][] = [];
  for (const dpi of ['96', '192']) {
    const out = join(dir, `m${dpi}.png`);
    const run = kerasts(['plot', 'configs/mnist_cnn.json', '--out', out, '--dpi', dpi, '--rankdir', 'LR', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const png = PNG.sync.read(readFileSync(out));
    const result = JSON.parse(run.stdout) as { width: number; height: number };
    assert.deepEqual([png.width, png.height], [result.width, result.height]);
    // Left to right: wider than tall.
    assert.ok(png.width > 3 * png.height, `${png.width} x ${png.height}`);
    const inked = nonWhite(png) / (png.width * png.height);
    assert.ok(inked > 0.02 && inked < 0.6, `ink ${inked}`);
    sizes.push([png.width, png.height]);
  }
  assert.ok(Math.abs(sizes[1][0] - 2 * sizes[0][0]) <= 2 && Math.abs(sizes[1][1] - 2 * sizes[0][1]) <= 2, JSON.stringify(sizes));
  assert.deepEqual(readdirSync(dir).sort(), ['m192.png', 'm96.png'], 'no temporary files left');
});

test('kerasts plot reads a run directory and keeps the ordering the model was saved with', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await initBackend('cpu');
  const { spec } = await loadSpec(join(root, 'configs/mnist_cnn.json'));
  const model = buildModel(spec.model as ModelSpec, { imageDimOrdering: 'th', inputShape: [1, 28, 28] });
  const run = join(dir, 'run');
  mkdirSync(run);
  await saveModelToDir(model, run);
  model.dispose();
  const out = join(dir, 'run.svg');
  const result = kerasts(['--image-dim-ordering', 'tf', 'plot', run, '--out', out]);
  assert.equal(result.status, 0, result.stderr);
  const texts = svgTexts(readFileSync(out, 'utf8'));
  assert.ok(texts.includes('(None, 32, 26, 26)'));
});

test('kerasts plot of a spec that does not build gives the same one line as summary', () => {
  for (const spec of ['test/fixtures/spec-dense-before-flatten/spec.json', 'test/fixtures/spec-unknown-layer/spec.json']) {
    const summary = kerasts(['summary', spec]);
    const plot = kerasts(['plot', spec, '--out', '/tmp/never-written.svg']);
    assert.equal(summary.status, 2);
    assert.equal(plot.status, 2);
    assert.equal(plot.stdout, '');
    assert.equal(plot.stderr, summary.stderr);
    assert.equal(plot.stderr.trim().split('\n').length, 1);
  }
  assert.ok(!existsSync('/tmp/never-written.svg'));
});

const badOptions: Array<[string[], RegExp]> = [
  [['--out', 'OUT/m.jpg'], /^kerasts: --out: must end in \.png or \.svg\. Received: .*m\.jpg\.\n$/],
  [['--out', 'OUT/m.html'], /^kerasts: --out: must end in \.png or \.svg\. Received: .*m\.html\. An HTML page .* is `kerasts report <run> --out report\.html`\.\n$/],
  [['--out', 'OUT/m'], /^kerasts: --out: must end in \.png or \.svg\. Received: .*\/m\.\n$/],
  [['--out', 'OUT/no/such/dir/m.png'], /^kerasts: --out: its folder must exist\./],
  [['--out', 'OUT/m.png', '--rankdir', 'BT'], /^kerasts: --rankdir: must be TB or LR\. Received: "BT"\.\n$/],
  [['--out', 'OUT/m.png', '--dpi', '0'], /^kerasts: --dpi: must be a positive integer/],
  [['--out', 'OUT/m.png', '--dpi', '1e3'], /^kerasts: --dpi: must be a positive integer/],
  [['--out', 'OUT/m.png', '--dpi', '9600'], /^kerasts: --dpi: the picture would be \d+ x \d+ pixels, more than the limit of 67,108,864\. Use a smaller --dpi\.\n$/],
];

for (const [args, pattern] of badOptions) {
  test(`kerasts plot ${args.join(' ')} exits 2 with one line and leaves the old file alone`, (t) => {
    const { dir, remove } = tempDir();
    t.after(remove);
    const withDir = args.map((arg) => arg.replace('OUT', dir));
    writeFileSync(join(dir, 'm.png'), 'old');
    const result = kerasts(['plot', 'configs/mnist_cnn.json', ...withDir]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, pattern);
    assert.equal(readFileSync(join(dir, 'm.png'), 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['m.png'], 'nothing else written');
  });
}

test('kerasts plot of a missing input exits 2 naming it', () => {
  const result = kerasts(['plot', 'no/such/spec.json', '--out', '/tmp/never-written.png']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /no\/such\/spec\.json.*does not exist/);
});
