import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { MODEL_JSON, saveModelToDir } from '../../src/io/file-io.js';
import { tfIndex } from '../../src/viz/kernel-layout.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

const SPEC = resolve('test/fixtures/filters-spec/spec.json');
const temp = tempDir();
const kernel = handKernel([3, 3, 1, 32], 5);
const runDir = join(temp.dir, 'runs', 'run-b');

/** The real binary, run in the test's folder with an isolated environment. */
const kerasts = async (args: string[], cwd = temp.dir) => {
  const { status, stdout, stderr } = await runCliAsync(args, cwd);
  return { code: status, stdout, stderr };
};

function decode(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

before(async () => {
  assert.ok(await useCpu());
  // An older run, then the one `kerasts filters` with no input must pick (newer model.json).
  const older = convModel(handKernel([3, 3, 1, 8]));
  await saveModelToDir(older, join(temp.dir, 'runs', 'run-a'));
  utimesSync(join(temp.dir, 'runs', 'run-a', MODEL_JSON), new Date(1_000_000), new Date(1_000_000));
  older.dispose();
  const trained = convModel(kernel);
  await saveModelToDir(trained, runDir);
  trained.dispose();
});

after(() => temp.remove());

test('kerasts filters (no input) draws the latest run as a 4 x 8 grid whose tiles are the min-max scaled weights', async () => {
  const { code, stdout, stderr } = await kerasts(['filters', '--out', 'grid.png', '--json']);
  assert.equal(code, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.input, join('runs', 'run-b'));
  assert.deepEqual(result.layer, { name: 'conv_a', index: 0, className: 'Conv2D', kernelShape: [3, 3, 1, 32] });
  assert.deepEqual(result.geometry, { count: 32, rows: 4, cols: 8, tileWidth: 24, tileHeight: 24, gap: 2, scale: 8 });
  const png = decode(join(temp.dir, 'grid.png'));
  assert.deepEqual([png.width, png.height], [8 * 24 + 7 * 2, 4 * 24 + 3 * 2]);
  assert.deepEqual([result.width, result.height], [png.width, png.height]);
  for (let f = 0; f < 32; f++) {
    const weights = Array.from({ length: 9 }, (_, k) => kernel.data[tfIndex(kernel.shape, Math.floor(k / 3), k % 3, 0, f)]!);
    const [min, max] = [Math.min(...weights), Math.max(...weights)];
    assert.deepEqual([result.filters[f].min, result.filters[f].max], [min, max]);
    const x0 = (f % 8) * 26;
    const y0 = Math.floor(f / 8) * 26;
    weights.forEach((w, k) => {
      // Centre pixel of the 8 x 8 block showing weight k; grey, so R = G = B.
      const offset = 4 * ((y0 + Math.floor(k / 3) * 8 + 4) * png.width + x0 + (k % 3) * 8 + 4);
      const expected = max === min ? 128 : Math.round(((w - min) / (max - min)) * 255);
      assert.deepEqual([...png.data.subarray(offset, offset + 3)], [expected, expected, expected], `filter ${f} weight ${k}`);
    });
  }
});

test('a seeded spec draws its freshly initialised filters, the same picture under th and tf', async () => {
  const runs = await Promise.all(
    (['tf', 'th'] as const).map((ordering) => kerasts(['filters', SPEC, '--image-dim-ordering', ordering, '--out', `spec-${ordering}.png`, '--json'])),
  );
  for (const { code, stderr } of runs) assert.equal(code, 0, stderr);
  const [tfResult, thResult] = runs.map(({ stdout }) => JSON.parse(stdout));
  assert.equal(tfResult.inputKind, 'spec');
  assert.deepEqual(tfResult.layer.kernelShape, [3, 3, 1, 8]);
  assert.deepEqual([tfResult.geometry.rows, tfResult.geometry.cols], [2, 4]);
  assert.deepEqual(thResult.filters, tfResult.filters);
  const tfPng = decode(join(temp.dir, 'spec-tf.png'));
  assert.deepEqual([tfPng.width, tfPng.height], [4 * 24 + 3 * 2, 2 * 24 + 2]);
  assert.deepEqual(decode(join(temp.dir, 'spec-th.png')).data, tfPng.data);
});

test('kerasts filters with neither an input nor --out draws the latest run into filters.png in the working directory', async () => {
  const { code, stdout, stderr } = await kerasts(['filters']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^filters\.png: 32 filters of conv_a /);
  assert.deepEqual([decode(join(temp.dir, 'filters.png')).width], [8 * 24 + 7 * 2]);
});

test('bad input through the binary: one line on stderr, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['filters', runDir, '--layer', 'out'], /--layer: must name a convolution layer \(0: conv_a, 1: conv_b\)\. Received: "out", a Dense layer\./],
    [['filters', runDir, '--out', join('missing', 'grid.png')], /--out: its folder must exist\. Received: missing\/grid\.png/],
    [['filters', runDir, '--cols', 'x'], /--cols: must be a positive integer \(decimal digits only\)\. Received: "x"\./],
    [['filters', runDir, '--out', 'grid.jpg'], /--out: must end in \.png\. Received: grid\.jpg\./],
  ];
  const results = await Promise.all(cases.map(([args]) => kerasts(args)));
  results.forEach(({ code, stderr }, i) => {
    const [args, pattern] = cases[i]!;
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, pattern, args.join(' '));
    assert.equal(stderr.trimEnd().split('\n').length, 1, `one line for ${args.join(' ')}: ${stderr}`);
  });
});
