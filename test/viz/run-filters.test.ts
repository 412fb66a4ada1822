import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { saveModelToDir } from '../../src/io/file-io.js';
import { INITIAL_MODEL_PATH } from '../../src/run/index.js';
import { describeResult, runFilters, specFileModel } from '../../src/viz/run-filters.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';
import { convModel, handKernel, useCpu } from './helpers.js';

const temp = tempDir();
const run = join(temp.dir, 'run');
const trained = handKernel([3, 3, 1, 6]);

before(async () => {
  assert.ok(await useCpu());
  const model = convModel(trained);
  await saveModelToDir(model, run);
  model.dispose();
  const initial = convModel({ shape: trained.shape, data: trained.data.map((w, k) => Math.cos(k)) });
  await saveModelToDir(initial, join(run, INITIAL_MODEL_PATH, '..'));
  initial.dispose();
});

test('a run’s first convolution is drawn as a decodable grid of its filters', async () => {
  const result = await runFilters({ input: run, out: join(temp.dir, 'f.png') });
  assert.deepEqual(result.layer, { name: 'conv_a', index: 0, className: 'Conv2D', kernelShape: [3, 3, 1, 6] });
  assert.equal(result.inputKind, 'model');
  const png = PNG.sync.read(readFileSync(result.out));
  assert.deepEqual([png.width, png.height], [result.width, result.height]);
  const greys = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) greys.add(png.data[i]!);
  assert.ok(greys.size > 10, `${greys.size} grey levels`);
  assert.equal(result.filters.length, 6);
  assert.equal(result.filters[0]!.min, Math.min(...Array.from({ length: 9 }, (_, p) => trained.data[p * 6]!)));
  assert.equal(describeResult(result), `${result.out}: 6 filters of conv_a (3x3x1x6), ${result.geometry.rows} x ${result.geometry.cols} tiles, ${result.width} x ${result.height} px`);
});

test('--compare reads the run’s initial model and draws both panels', async () => {
  const result = await runFilters({ input: run, out: join(temp.dir, 'c.png'), compare: true, layer: 'conv_a' });
  assert.ok(result.compare);
  const g = result.geometry;
  assert.equal(result.width, 2 * (g.cols * g.tileWidth + (g.cols - 1) * g.gap) + result.compare.separation);
  assert.notDeepEqual(result.compare.before.filters, result.filters);
  assert.match(describeResult(result), /6 initial \| trained filters of conv_a/);
});

test('a spec is drawn through the builder it is given, or refused without one', async () => {
  const spec = join('test', 'fixtures', 'filters-spec', 'spec.json');
  const result = await runFilters({ input: spec, out: join(temp.dir, 's.png'), buildFromSpec: (path) => specFileModel(path, 'tf') });
  assert.equal(result.inputKind, 'spec');
  assert.deepEqual(result.layer.kernelShape, [3, 3, 1, 8]);
  await assert.rejects(runFilters({ input: spec, out: join(temp.dir, 's.png') }), /needs a model builder/);
});

test('a bad --out or layer is a user error before anything is written', async () => {
  await assert.rejects(runFilters({ input: run, out: join(temp.dir, 'none', 'f.png') }), userError(/--out: The output directory must exist/));
  await assert.rejects(runFilters({ input: run, out: join(temp.dir, 'x.png'), layer: 'flat' }), userError(/flat/));
  temp.remove();
});
