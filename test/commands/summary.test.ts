import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../../src/model/build.js';
import { initBackend } from '../../src/backend/select.js';
import { saveModelToDir } from '../../src/io/file-io.js';
import { runCli } from '../helpers/cli.js';
import { loadSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';

// These run the real binary (bin/kerasts → dist/), which `npm test` builds first.
const root = new URL('../../', import.meta.url).pathname;
const golden = (name: string) => readFileSync(join(root, 'test/fixtures/summary', name), 'utf8');

function kerasts(args: string[], home: string) {
  const result = runCli(args, { cwd: root, env: { HOME: home } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withHome(fn: (home: string) => void | Promise<void>) {
  return async () => {
    const home = mkdtempSync(join(tmpdir(), 'kerasts-summary-'));
    try {
      await fn(home);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
}

test('kerasts summary prints the golden table on stdout and nothing on stderr', withHome((home) => {
  const tf = kerasts(['summary', 'configs/mnist_cnn.json'], home);
  assert.equal(tf.stderr, '');
  assert.equal(tf.code, 0);
  assert.equal(tf.stdout, golden('mnist_cnn.tf.txt'));
  const th = kerasts(['--image-dim-ordering', 'th', 'summary', 'configs/mnist_cnn.json'], home);
  assert.equal(th.code, 0);
  assert.equal(th.stdout, golden('mnist_cnn.th.txt'));
}));

test('kerasts summary --json gives rows and totals', withHome((home) => {
  const result = kerasts(['summary', 'configs/mnist_cnn_keras2.json', '--json'], home);
  assert.equal(result.code, 0);
  const summary = JSON.parse(result.stdout) as { totalParams: number; layers: Array<{ name: string; outputShape: unknown[] }> };
  assert.equal(summary.totalParams, 1199882);
  assert.deepEqual(summary.layers[0], { name: 'conv2d_1', className: 'Conv2D', outputShape: [null, 26, 26, 32], params: 320 });
}));

const badInputs: Array<[string, RegExp]> = [
  ['test/fixtures/spec-unknown-layer/spec.json', /^kerasts: test\/fixtures\/spec-unknown-layer\/spec\.json: model\.layers\[0\]\.class_name: Unknown layer class "Conv2d"\. Did you mean "Conv2D"\?\n$/],
  ['test/fixtures/spec-not-json/spec.json', /^kerasts: test\/fixtures\/spec-not-json\/spec\.json: line 5, column 3: must be valid JSON: expected a value after ",": trailing commas are not allowed\. Received: "\]"\./],
  ['test/fixtures/spec-dense-before-flatten/spec.json', /model\.layers\[1\] \(dense_1, Dense\): needs a 2-D input \(batch, features\)\. Received: input shape \(None, 26, 26, 32\)\. Add a Flatten layer before it\.\n$/],
  ['no/such/spec.json', /no\/such\/spec\.json.*does not exist/],
  // 2,000,440,010 parameters: refused from the spec's shapes before a weight is allocated.
  ['test/fixtures/spec-too-large/spec.json', /^kerasts: test\/fixtures\/spec-too-large\/spec\.json: the model needs 8,001,760,040 bytes for its weights \(2,000,440,010 float32 parameters × 4 bytes\); the limit is [\d,]+ bytes/],
];

for (const [input, pattern] of badInputs) {
  test(`kerasts summary ${input} exits 2 with one line`, withHome((home) => {
    const result = kerasts(['summary', input], home);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  }));
}

test('kerasts summary reads a saved model (run directory and model.json) with its layer names', withHome(async (home) => {
  await initBackend('cpu');
  const { spec } = await loadSpec('configs/mnist_cnn.json');
  const model = buildModel(spec.model as ModelSpec, { imageDimOrdering: 'th', inputShape: [1, 28, 28] });
  const run = join(home, 'run');
  await import('node:fs/promises').then((fs) => fs.mkdir(run));
  await saveModelToDir(model, run);
  model.dispose();
  // A saved model keeps the ordering it was built with, whatever the setting says now.
  for (const input of [run, join(run, 'model.json')]) {
    const result = kerasts(['--image-dim-ordering', 'tf', 'summary', input], home);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, golden('mnist_cnn.th.txt'));
  }
  // A spec whose model is a model.json path, relative to the spec's directory.
  writeFileSync(join(home, 'spec.json'), JSON.stringify({ dataset: 'mnist', model: 'run/model.json' }));
  const viaSpec = kerasts(['summary', join(home, 'spec.json')], home);
  assert.equal(viaSpec.code, 0, viaSpec.stderr);
  assert.equal(viaSpec.stdout, golden('mnist_cnn.th.txt'));
}));

test('kerasts summary of a settings file names it as one, for --config (one line, exit 2)', withHome((home) => {
  const result = kerasts(['summary', 'configs/kerasts.json'], home);
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    'kerasts: configs/kerasts.json: image_dim_ordering is not a known key. Allowed keys: name, dataset, model, compile, fit, callbacks, output. (+2 more: at dataset, model) This looks like a settings file (image_dim_ordering, backend, floatx, epsilon), not an experiment spec: use it with --config <file> or as ~/.kerasts.json.\n',
  );
}));

test('kerasts summary of a JSON array says the spec must be an object (one line, exit 2)', withHome((home) => {
  const file = join(home, 'array.json');
  writeFileSync(file, '[1,2]');
  const result = kerasts(['summary', file], home);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, `kerasts: ${file}: must be a JSON object (an experiment spec). Received: an array.\n`);
}));

test('kerasts summary of a missing path or of a folder that is not a run: one line with the path first, exit 2', withHome((home) => {
  const missing = kerasts(['summary', 'nothere.json'], home);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'kerasts: nothere.json: must be a run directory, a model.json, a Keras model file or a spec file. Received: a path that does not exist.\n');
  const folder = kerasts(['summary', 'configs'], home);
  assert.equal(folder.code, 2);
  assert.equal(folder.stderr, 'kerasts: configs: a run directory must contain model.json. Received: a folder without it. If it is a training run, was it completed?\n');
}));
