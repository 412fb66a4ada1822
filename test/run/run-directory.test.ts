import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../src/run/layout.js';
import { readFinishedRun, RunDirectory } from '../../src/run/run-directory.js';
import type { RunMetrics, RunSettings } from '../../src/run/schemas.js';
import { parseSpec } from '../../src/spec/load.js';
import { tempDir } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { userError } from '../helpers/user-error.js';

const settings: RunSettings = {
  settings: { image_dim_ordering: 'th', backend: 'wasm', floatx: 'float32', epsilon: 1e-7, dataset_mirrors: {} },
  sources: { image_dim_ordering: 'flag', backend: 'default' },
  backend: 'wasm',
};
const metrics: RunMetrics = {
  test_loss: 0.25,
  test_accuracy: 0.9,
  images_per_second: 120,
  seconds_per_epoch: 1.5,
  backend: 'wasm',
  workers: 2,
  epochs: 3,
  stop_reason: 'early_stopping',
  dataset: { name: 'mnist', source: '/data/mnist', kind: 'full', train: 150, validation: 50, test: 50 },
};

test('every file written reads back equal, and no temporary file is left', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const run = await RunDirectory.create(join(dir, 'runs', 'r'));
  const spec = parseSpec(smallCnnSpec(), 'spec.json');
  const history = [{ epoch: 1, logs: { loss: 1, acc: 0.5 }, seconds: 2 }];
  await run.writeSpec(spec);
  await run.writeSettings(settings);
  await run.writeMetrics(metrics);
  await run.writeHistory(history);
  await run.writeSummary('Total params: 1\n');
  assert.deepEqual(await run.readSpec(), spec);
  assert.deepEqual(await run.readSettings(), settings);
  assert.deepEqual(await run.readMetrics(), metrics);
  assert.deepEqual(await run.readHistory(), history);
  assert.equal(readFileSync(run.path(RUN_FILES.summary), 'utf8'), 'Total params: 1\n');
  assert.deepEqual(readdirSync(run.dir).filter((name) => name.endsWith('.tmp')), []);
});

test('damaged or foreign run files are one line naming the file and what is wrong, exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const run = new RunDirectory(dir);
  writeFileSync(run.path(RUN_FILES.metrics), JSON.stringify({ ...metrics, workers: 'two' }));
  await assert.rejects(run.readMetrics(), userError(/metrics\.json: workers .*Received: "two"/, 'RUN_FILE_INVALID'));
  writeFileSync(run.path(RUN_FILES.metrics), JSON.stringify({ ...metrics, dataset: undefined }));
  await assert.rejects(run.readMetrics(), userError(/metrics\.json: dataset is missing/));
  writeFileSync(run.path(RUN_FILES.settings), '{"settings": {"image_dim_ordering": "xy"}}');
  await assert.rejects(run.readSettings(), userError(/settings\.json: settings\.image_dim_ordering .*Received: "xy"/));
  writeFileSync(run.path(RUN_FILES.spec), '{"model": ');
  await assert.rejects(run.readSpec(), userError(/spec\.json: line 1, column \d+: must be valid JSON/));
  writeFileSync(run.path(RUN_FILES.history), 'time,value\n');
  await assert.rejects(run.readHistory(), userError(/history\.csv: line 1: must start with the header epoch/));
  await assert.rejects(new RunDirectory(join(dir, 'none')).readMetrics(), userError(/metrics\.json: must be a file written by kerasts train/));
});

test('a finished run needs its model, spec and settings; a directory without them is refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(readFinishedRun(dir), userError(/a run directory must hold model\.json, spec\.json, settings\.json .*Received: a directory without model\.json, spec\.json, settings\.json/, 'NOT_A_RUN'));
  const run = new RunDirectory(dir);
  writeFileSync(run.path(RUN_FILES.model), '{}');
  await run.writeSpec(parseSpec(smallCnnSpec(), 'spec.json'));
  await run.writeSettings(settings);
  const finished = await readFinishedRun(dir);
  assert.equal(finished.modelPath, join(dir, 'model.json'));
  assert.equal(finished.settings.settings.image_dim_ordering, 'th');
});
