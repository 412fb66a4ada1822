import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { MODEL_JSON, saveModelToDir } from '../../src/io/file-io.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { tfToTh, thToTf, type TfKernel } from '../../src/viz/kernel-layout.js';
import { checkFiltersOut, describeResult, runFilters, specFileModel, type FiltersOptions } from '../../src/viz/run-filters.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';
import { convModel, handKernel, useCpu } from './helpers.js';

// runFilters in-process; the command through the binary is in test/commands/filters.test.ts.

const SPEC = resolve('test/fixtures/filters-spec/spec.json');
const temp = tempDir();
const kernel = handKernel([3, 3, 1, 32], 5);
const initialKernel: TfKernel = { shape: kernel.shape, data: kernel.data.map((w, k) => Math.sin(k) * 0.1) };
const runDir = join(temp.dir, 'runs', 'run-b');

function decode(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

before(async () => {
  assert.ok(await useCpu());
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

test('a run’s first convolution is drawn as a decodable grid of its filters, described in one line', async () => {
  const result = await runFilters({ input: runDir, out: join(temp.dir, 'f.png') });
  assert.deepEqual(result.layer, { name: 'conv_a', index: 0, className: 'Conv2D', kernelShape: [3, 3, 1, 32] });
  assert.equal(result.inputKind, 'model');
  const png = decode(result.out);
  assert.deepEqual([png.width, png.height], [result.width, result.height]);
  const greys = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) greys.add(png.data[i]!);
  assert.ok(greys.size > 10, `${greys.size} grey levels`);
  assert.equal(result.filters.length, 32);
  assert.equal(describeResult(result), `${result.out}: 32 filters of conv_a (3x3x1x32), 4 x 8 tiles, ${result.width} x ${result.height} px, from ${result.input}`);
});

test('th and tf models with the same weights write the same picture', async () => {
  const tf = await runFilters({ input: runDir, out: join(temp.dir, 'tf.png'), cwd: temp.dir });
  const th = await runFilters({ input: join('th-model', MODEL_JSON), out: join(temp.dir, 'th.png'), cwd: temp.dir });
  assert.deepEqual(th.filters, tf.filters);
  assert.deepEqual(decode(join(temp.dir, 'th.png')).data, decode(join(temp.dir, 'tf.png')).data);
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
  assert.match(describeResult(result), /32 initial \| trained filters of conv_a/);
});

test('a spec is drawn through the builder it is given, or refused without one', async () => {
  const result = await runFilters({ input: SPEC, out: join(temp.dir, 's.png'), buildFromSpec: (path) => specFileModel(path, 'tf') });
  assert.equal(result.inputKind, 'spec');
  assert.deepEqual(result.layer.kernelShape, [3, 3, 1, 8]);
  await assert.rejects(runFilters({ input: SPEC, out: join(temp.dir, 's.png') }), /needs a model builder/);
});

test('bad input in-process: each is a UserError with exit code 2 and a message saying what must hold', async () => {
  mkdirSync(join(temp.dir, 'no-weights'), { recursive: true });
  const json = JSON.parse(readFileSync(join(runDir, MODEL_JSON), 'utf8'));
  writeFileSync(join(temp.dir, 'no-weights', MODEL_JSON), JSON.stringify({ modelTopology: json.modelTopology }));
  const empty = tempDir();
  const out = join(temp.dir, 'bad.png');
  const cases: [FiltersOptions, RegExp][] = [
    [{ input: runDir, out, layer: '7' }, /--layer: index must be from 0 to 1 .*Received: 7\./],
    [{ input: runDir, out, rgb: true }, /--rgb: needs a layer with 3 input channels\. Received: a layer with 1 input channel\./],
    [{ input: join('no-weights', MODEL_JSON), out }, /A model file must come with its weights\. Received: a model file without weights \(no weightsManifest\)/],
    [{ input: 'th-model', out, compare: true }, /--compare: needs the initial weights at model-initial\/model\.json/],
    [{ input: SPEC, out, compare: true }, /--compare: needs a trained model \(a run directory or its model\.json\)\. Received: .*spec\.json, a spec\./],
    [{ input: 'nowhere', out }, /nowhere: must be a run directory, a model\.json, a Keras model file or a spec file\. Received: a path that does not exist\./],
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

test('a bad --out is refused before any model is loaded', async () => {
  await assert.rejects(runFilters({ input: 'nowhere', out: join(temp.dir, 'none', 'f.png') }), userError(/--out: its folder must exist/));
});

test('--out must be a .png: a .jpg or .svg name would hold PNG bytes', () => {
  for (const out of ['grid.png', 'GRID.PNG', 'runs/x/grid.png']) checkFiltersOut(out);
  assert.throws(() => checkFiltersOut('grid.jpg'), (error: unknown) => error instanceof UserError && /^must end in \.png\. Received: grid\.jpg\.$/.test(error.message) && error.location === '--out');
  assert.throws(() => checkFiltersOut('grid'), /must end in \.png\. Received: grid\./);
  assert.throws(() => checkFiltersOut('grid.svg'), (error: unknown) => error instanceof UserError && /kerasts plot/.test(error.hint ?? ''));
});
