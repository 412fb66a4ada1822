import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseRunDir, effectiveSpec, type TrainOptions } from '../../src/train/run-setup.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ResolvedSettings } from '../../src/settings/resolve.js';
import { tempDir } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { userError } from '../helpers/user-error.js';

const options = (extra: Partial<TrainOptions> = {}): TrainOptions => ({ specPath: 'configs/small.json', resolved: {} as ResolvedSettings, ...extra });

test('the spec a run used has the command-line overrides and the seed', () => {
  const spec = parseSpec(smallCnnSpec(), 'spec.json');
  const used = effectiveSpec(spec, options({ epochs: 7, batchSize: 3, limit: 10, data: '/d' }), 99);
  assert.equal(used.fit.epochs, 7);
  assert.equal(used.fit.batch_size, 3);
  assert.equal(used.fit.seed, 99);
  assert.equal(used.dataset.limit, 10);
  assert.equal(used.dataset.path, '/d');
  assert.deepEqual(effectiveSpec(spec, options(), 1).dataset, spec.dataset);
});

test('--out must not hold an earlier run; --resume without one is refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const spec = parseSpec(smallCnnSpec(), 'spec.json');
  assert.deepEqual(await chooseRunDir(options({ out: join(dir, 'new') }), spec), { dir: join(dir, 'new') });
  mkdirSync(join(dir, 'old'));
  writeFileSync(join(dir, 'old', 'model.json'), '{}');
  await assert.rejects(chooseRunDir(options({ out: join(dir, 'old') }), spec), userError(/--out must not hold an earlier run/, 'RUN_EXISTS'));
  assert.deepEqual(await chooseRunDir(options({ out: join(dir, 'old'), resume: true }), spec), { dir: join(dir, 'old') });
  const cwd = process.cwd();
  process.chdir(dir);
  t.after(() => process.chdir(cwd));
  await assert.rejects(chooseRunDir(options({ resume: true }), spec), userError(/--resume needs a checkpoint of an earlier run of "small"\. Received: none under runs\//, 'NO_CHECKPOINT'));
  // A new run's folder is created by chooseRunDir itself, so no other run can take its name.
  const fresh = await chooseRunDir(options(), spec);
  assert.match(fresh.dir, /^runs\/small-\d{8}-\d{6}$/);
  assert.equal(fresh.created, join(dir, 'runs'), 'the runs folder was made for it');
  assert.ok(existsSync(fresh.dir));
});
