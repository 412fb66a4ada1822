import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RuntimeFailure } from '../../src/errors.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { RunDirectory } from '../../src/run/run-directory.js';
import { resolveSettings } from '../../src/settings/resolve.js';
import { runTrain, type TrainOptions } from '../../src/train/run-train.js';
import { tempDir } from '../helpers/cli.js';
import { smallCnnSpec, writeSyntheticMnist } from '../helpers/synthetic-data.js';
import { userError } from '../helpers/user-error.js';

/** A project folder with synthetic MNIST in data/ and `spec` in spec.json; runTrain's options for it, quiet, on cpu. */
async function setUp(t: { after: (fn: () => void) => void }, spec: Record<string, unknown>) {
  const { dir, remove } = tempDir('kerasts-run-train-');
  t.after(remove);
  const data = join(dir, 'data');
  mkdirSync(data);
  writeSyntheticMnist(data, 64, 16);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const lines: string[] = [];
  const options: TrainOptions = {
    specPath: join(dir, 'spec.json'),
    resolved: await resolveSettings({ flags: { backend: 'cpu' }, env: {}, cwd: dir, home: dir }),
    data,
    out: join(dir, 'run'),
    workers: 1,
    quiet: true,
    log: (line) => lines.push(line),
    progressStream: { write: () => true },
  };
  return { dir, options, lines };
}

test('runTrain trains, evaluates and records the run; what it returns is what metrics.json says', async (t) => {
  const { options } = await setUp(t, smallCnnSpec({ fit: { epochs: 2, batch_size: 16, seed: 3 } }));
  const result = await runTrain({ ...options, limit: 32 });
  assert.equal(result.runDir, options.out);
  assert.equal(result.stopReason, 'completed');
  assert.deepEqual(result.history.map((record) => record.epoch), [1, 2]);
  assert.equal(result.workers, 1);
  assert.equal(result.backend.name, 'cpu');
  assert.equal(result.dataset.train, 32);
  const metrics = await new RunDirectory(result.runDir).readMetrics();
  assert.equal(metrics.test_loss, result.testLoss);
  assert.equal(metrics.test_accuracy, result.testAccuracy);
  assert.equal(metrics.epochs, 2);
  assert.equal(metrics.stop_reason, 'completed');
  assert.equal(metrics.workers, 1);
  for (const file of [RUN_FILES.model, RUN_FILES.spec, RUN_FILES.settings, RUN_FILES.history, RUN_FILES.filtersAfter]) {
    assert.ok(existsSync(join(result.runDir, file)), `${file} written`);
  }
});

test('a spec whose shapes cannot work fails before any data is read, and leaves no run directory', async (t) => {
  const spec = smallCnnSpec();
  const layers = (spec.model as { layers: unknown[] }).layers;
  // A 30x30 kernel on 28x28 images.
  layers[0] = { class_name: 'Convolution2D', config: { nb_filter: 8, nb_row: 30, nb_col: 30, border_mode: 'valid' } };
  const { dir, options } = await setUp(t, spec);
  await assert.rejects(runTrain({ ...options, data: join(dir, 'no-such-data') }), userError(/spec\.json: model\.layers\[0\] \(conv2d_1, Conv2D\): kernel_size \(30, 30\) must fit in its input's rows and cols \(28, 28\)/));
  assert.equal(existsSync(options.out!), false);
  assert.deepEqual(readdirSync(dir).sort(), ['data', 'spec.json']);
});

test('a loss that turns NaN stops the run with exit code 1 naming where, with terminate_on_nan', async (t) => {
  const spec = smallCnnSpec({
    compile: { optimizer: { class_name: 'SGD', config: { learning_rate: 1e30 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    callbacks: { terminate_on_nan: true },
    fit: { epochs: 3, batch_size: 8, seed: 1 },
  });
  const { options } = await setUp(t, spec);
  await assert.rejects(runTrain({ ...options, limit: 32 }), (error: unknown) => {
    assert.ok(error instanceof RuntimeFailure, String(error));
    assert.equal(error.code, 'NAN_LOSS');
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /^the loss became NaN or infinite at epoch 1, batch \d+; training stopped \(terminate_on_nan\)\./);
    return true;
  });
});
