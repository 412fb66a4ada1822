import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { RUN_FILES } from '../../src/run/layout.js';
import { RunDirectory } from '../../src/run/run-directory.js';
import { DEFAULT_SETTINGS } from '../../src/settings/constants.js';
import { parseSpec } from '../../src/spec/load.js';
import { loadRun } from '../../src/train/load-run.js';
import { buildSpecModel } from '../../src/train/model-for-run.js';
import { tempDir } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { userError } from '../helpers/user-error.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

/** A run directory as `kerasts train` leaves one (model, spec.json, settings.json), with channels-first ordering. */
async function writeRun(dir: string): Promise<tf.LayersModel> {
  const spec = parseSpec(smallCnnSpec({ compile: { optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] } }), 'spec.json');
  const model = await buildSpecModel(spec, 'spec.json', { image_dim_ordering: 'th', epsilon: 1e-7 }, [1, 12, 12]);
  const run = new RunDirectory(dir);
  await run.saveModel(model);
  await run.writeSpec(spec);
  await run.writeSettings({ settings: { ...DEFAULT_SETTINGS, image_dim_ordering: 'th', backend: 'cpu', dataset_mirrors: {} }, sources: {}, backend: 'cpu' });
  return model;
}

test('a finished run comes back with its trained weights, compiled as its spec says, and its ordering', async (t) => {
  const { dir, remove } = tempDir('kerasts-load-run-');
  t.after(remove);
  const trained = await writeRun(dir);
  const loaded = await loadRun(dir);
  assert.equal(loaded.dir, dir);
  assert.equal(loaded.imageDimOrdering, 'th');
  assert.equal(loaded.spec.fit.batch_size, 32);
  assert.equal(loaded.model.optimizer.getClassName(), 'SGD');
  assert.deepEqual(loaded.model.getWeights().map((w) => Array.from(w.dataSync())), trained.getWeights().map((w) => Array.from(w.dataSync())));
});

test('a folder that is no run is exit 2 naming what is missing', async (t) => {
  const { dir, remove } = tempDir('kerasts-load-run-');
  t.after(remove);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  await assert.rejects(loadRun(empty), userError(/a run directory must hold model\.json, spec\.json, settings\.json .* without model\.json, spec\.json, settings\.json/, 'NOT_A_RUN'));
  const partial = join(dir, 'partial');
  await writeRun(partial);
  rmSync(join(partial, RUN_FILES.settings));
  await assert.rejects(loadRun(partial), userError(/Received: a directory without settings\.json\.$/, 'NOT_A_RUN'));
});
