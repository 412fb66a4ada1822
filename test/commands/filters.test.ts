import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { MODEL_JSON, saveModelToDir } from '../../src/io/file-io.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { tfIndex, tfToTh, thToTf, type TfKernel } from '../../src/viz/kernel-layout.js';
import { runFilters, type FiltersOptions } from '../../src/viz/run-filters.js';
import { UserError } from '../../src/errors.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

const SPEC = resolve('test/fixtures/filters-spec/spec.json');
const temp = tempDir();
const kernel = handKernel([3, 3, 1, 32], 5);
const initialKernel: TfKernel = { shape: kernel.shape, data: kernel.data.map((w, k) => Math.sin(k) * 0.1) };
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
  const initial = convModel(initialKernel);
  await saveModelToDir(initial, join(runDir, RUN_FILES.initialModelDir));
  initial.dispose();
  const thModel = convModel(thToTf(tfToTh(kernel)), 'th');
  await saveModelToDir(thModel, join(temp.dir, 'th-model'));
  thModel.dispose();
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

test('th and tf models with the same weights write the same picture', async () => {
  const tf = await runFilters({ input: runDir, out: join(temp.dir, 'tf.png'), cwd: temp.dir });
  const th = await runFilters({ input: join('th-model', MODEL_JSON), out: join(temp.dir, 'th.png'), cwd: temp.dir });
  assert.deepEqual(th.filters, tf.filters);
  assert.deepEqual(decode(join(temp.dir, 'th.png')).data, decode(join(temp.dir, 'tf.png')).data);
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

test('--compare draws initial and trained filters side by side', async () => {
  const result = await runFilters({ input: runDir, out: join(temp.dir, 'cmp.png'), compare: true, cwd: temp.dir, gap: 1 });
  const png = decode(join(temp.dir, 'cmp.png'));
  const panel = 8 * 24 + 7;
  assert.deepEqual([png.width, png.height], [2 * panel + result.compare!.separation, 4 * 24 + 3]);
  assert.deepEqual(result.compare!.before.filters[0].scaledWith, result.filters[0]!.scaledWith);
  // The panels differ: the initial weights are not the trained ones.
  const left = png.data.subarray(0, 4 * 24);
  const right = png.data.subarray(4 * (panel + result.compare!.separation), 4 * (panel + result.compare!.separation + 24));
  assert.notDeepEqual([...left], [...right]);
});

test('bad input through the binary: one line on stderr, exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['filters', runDir, '--layer', 'out'], /--layer must name a convolution layer \(0: conv_a, 1: conv_b\)\. Received: "out", a Dense layer\./],
    [['filters', runDir, '--out', join('missing', 'grid.png')], /--out: The output directory must exist\. Received: missing\/grid\.png/],
    [['filters', runDir, '--cols', 'x'], /--cols: must be a positive integer \(decimal digits only\)\. Received: "x"\./],
  ];
  const results = await Promise.all(cases.map(([args]) => kerasts(args)));
  results.forEach(({ code, stderr }, i) => {
    const [args, pattern] = cases[i]!;
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, pattern, args.join(' '));
    assert.equal(stderr.trimEnd().split('\n').length, 1, `one line for ${args.join(' ')}: ${stderr}`);
  });
});

test('bad input in-process: each is a UserError with exit code 2 and a message saying what must hold', async () => {
  mkdirSync(join(temp.dir, 'no-weights'), { recursive: true });
  const json = JSON.parse(readFileSync(join(runDir, MODEL_JSON), 'utf8'));
  writeFileSync(join(temp.dir, 'no-weights', MODEL_JSON), JSON.stringify({ modelTopology: json.modelTopology }));
  const empty = tempDir();
  const out = join(temp.dir, 'bad.png');
  const cases: [FiltersOptions, RegExp][] = [
    [{ input: runDir, out, layer: '7' }, /--layer index must be from 0 to 1 .*Received: 7\./],
    [{ input: runDir, out, rgb: true }, /--rgb needs a layer with 3 input channels\. Received: a layer with 1 input channel\./],
    [{ input: join('no-weights', MODEL_JSON), out }, /A model file must come with its weights\. Received: a model file without weights \(no weightsManifest\)/],
    [{ input: 'th-model', out, compare: true }, /--compare needs the initial weights at model-initial\/model\.json/],
    [{ input: SPEC, out, compare: true }, /--compare needs a trained model \(a run directory or its model\.json\)\. Received: .*spec\.json, a spec\./],
    [{ input: 'nowhere', out }, /The input must be a run directory, a model\.json, a Keras model file or a spec file\. Received: nowhere, which does not exist\./],
    [{ out, cwd: empty.dir }, /With no input, runs\/ must hold a run directory with a model\.json\. Received: none/],
  ];
  try {
    for (const [options, pattern] of cases) {
      await assert.rejects(runFilters({ cwd: temp.dir, ...options }), (error: unknown) => {
        assert.ok(error instanceof UserError, String(error));
        assert.equal(error.exitCode, 2);
        assert.match(error.toLine(), pattern);
        return true;
      });
    }
  } finally {
    empty.remove();
  }
});
