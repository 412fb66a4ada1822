import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { loadSpec, parseSpec } from '../../src/spec/load.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS } from '../../src/spec/defaults.js';
import { editDistance, nearest } from '../../src/util/suggest.js';
import { runCli } from '../helpers/cli.js';

const conv = (config: Record<string, unknown>) => ({ dataset: 'mnist', model: { layers: [{ class_name: 'Conv2D', config }] } });

/** Asserts that `fn` throws a UserError whose one-line form matches `pattern`, with exit code 2. */
function assertUserError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.match(error.toLine(), pattern);
    assert.equal(error.exitCode, 2);
    return true;
  });
}

async function assertRejectsUserError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.match(error.toLine(), pattern);
    assert.equal(error.exitCode, 2);
    return true;
  });
}

test('the classic Keras 1 config loads with defaults filled in', async () => {
  const { spec, file } = await loadSpec('configs/mnist_cnn.json');
  assert.equal(file, 'configs/mnist_cnn.json');
  assert.deepEqual(spec.dataset, { name: 'mnist' });
  assert.equal(spec.fit.epochs, 12);
  assert.equal(spec.fit.batch_size, 128);
  assert.equal(spec.fit.validation_data, 'test', 'mnist_cnn.py validates on the test set each epoch');
  assert.deepEqual(spec.compile.optimizer, { name: 'adadelta', config: {} });
  assert.equal(spec.compile.loss, 'categorical_crossentropy');
  assert.equal(spec.callbacks.terminate_on_nan, true);
  assert.ok(typeof spec.model !== 'string');
  assert.deepEqual(spec.model.layers[0], {
    class_name: 'Conv2D',
    config: { filters: 32, kernel_size: [3, 3], strides: 1, padding: 'valid', activation: 'linear', use_bias: true, kernel_initializer: 'glorot_uniform', bias_initializer: 'zeros' },
  });
});

test('a parsed spec is itself a valid spec (a run directory can store and reload it)', async () => {
  const { spec } = await loadSpec('configs/mnist_cnn_keras2.json');
  assert.deepEqual(parseSpec(JSON.parse(JSON.stringify(spec))), spec);
  assert.equal(spec.compile.optimizer.config.learning_rate, 1.0);
});

test('defaults come from the defaults module; lr is read as learning_rate', () => {
  const spec = parseSpec({ ...conv({ filters: 1, kernel_size: 3 }), compile: { optimizer: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9 } } } });
  assert.equal(spec.fit.epochs, DEFAULT_EPOCHS);
  assert.equal(spec.fit.batch_size, DEFAULT_BATCH_SIZE);
  assert.deepEqual(spec.compile.optimizer, { name: 'sgd', config: { momentum: 0.9, learning_rate: 0.1 } });
});

test('ordinary run names are accepted, as one folder name', () => {
  for (const name of ['mnist_cnn', 'cifar10 run 2', 'v1.2-final', 'Modèle']) assert.equal(parseSpec({ ...conv({ filters: 1, kernel_size: 3 }), name }).name, name);
});

test('the flat layer form is accepted', () => {
  const spec = parseSpec({ dataset: 'mnist', model: { layers: [{ type: 'Dense', units: 10, input_shape: [4] }] } });
  assert.ok(typeof spec.model !== 'string');
  assert.equal(spec.model.layers[0].class_name, 'Dense');
});

const badSpecs: Array<[string, unknown, RegExp]> = [
  ['negative filters', conv({ filters: -32, kernel_size: 3 }), /^spec\.json: model\.layers\[0\]\.config\.filters must be a positive integer\. Received: -32\.$/],
  ['fractional filters', conv({ filters: 2.5, kernel_size: 3 }), /model\.layers\[0\]\.config\.filters must be a positive integer\. Received: 2\.5\./],
  ['Keras 1 key named as written', { dataset: 'mnist', model: { layers: [{ class_name: 'Convolution2D', config: { nb_filter: -1, nb_row: 3, nb_col: 3 } }] } }, /model\.layers\[0\]\.config\.nb_filter must be a positive integer\. Received: -1\./],
  ['unknown key in a layer, with a suggestion', conv({ filtres: 32, kernel_size: 3 }), /model\.layers\[0\]\.config\.filtres is not a known key\. Did you mean "filters"\?/],
  ['unknown Keras 1 key in a layer, answered in Keras 1', { dataset: 'mnist', model: { layers: [{ class_name: 'Convolution2D', config: { nb_filtr: 32, nb_row: 3, nb_col: 3 } }] } }, /^spec\.json: model\.layers\[0\]\.config\.nb_filtr is not a known key\. Did you mean "nb_filter"\?$/],
  ['unknown Keras 1 key in a flat layer', { dataset: 'mnist', model: { layers: [{ type: 'Dense', output_dm: 10 }] } }, /^spec\.json: model\.layers\[0\]\.output_dm is not a known key\. Did you mean "output_dim"\?$/],
  ['unknown top-level key', { ...conv({ filters: 1, kernel_size: 3 }), optimiser: 'adam' }, /spec\.json: optimiser is not a known key\. Allowed keys: name, dataset, model, compile, fit, callbacks, output\./],
  ['unknown layer class', { dataset: 'mnist', model: { layers: [{ class_name: 'Conv2d', config: {} }] } }, /model\.layers\[0\]\.class_name: Unknown layer class "Conv2d"\. Did you mean "Conv2D"\?/],
  ['misspelt Keras 1 layer class', { dataset: 'mnist', model: { layers: [{ class_name: 'Convolutoin2D', config: {} }] } }, /model\.layers\[0\]\.class_name: Unknown layer class "Convolutoin2D"\. Did you mean "Convolution2D"\?/],
  ['unknown layer class, nothing close', { dataset: 'mnist', model: { layers: [{ type: 'LSTM' }] } }, /model\.layers\[0\]\.type: Unknown layer class "LSTM"\. Known classes: Conv2D, /],
  ['a class name that is an Object.prototype key', { dataset: 'mnist', model: { layers: [{ class_name: 'constructor', config: {} }] } }, /model\.layers\[0\]\.class_name: Unknown layer class "constructor"\./],
  ['bad padding with suggestion', conv({ filters: 1, kernel_size: 3, padding: 'vaild' }), /config\.padding must be "valid" or "same"\. Received: "vaild"\. Did you mean "valid"\?/],
  ['missing required argument', conv({ kernel_size: 3 }), /config\.filters is missing; it must be a positive integer\./],
  ['unknown dataset', { ...conv({ filters: 1, kernel_size: 3 }), dataset: 'mnsit' }, /dataset must be one of mnist, fashion-mnist, cifar10, idx.* Received: "mnsit"\. Did you mean "mnist"\?/],
  ['validation_split out of range', { ...conv({ filters: 1, kernel_size: 3 }), fit: { validation_split: 1 } }, /fit\.validation_split must be a number in \[0, 1\)\. Received: 1\./],
  ['unknown optimizer', { ...conv({ filters: 1, kernel_size: 3 }), compile: { optimizer: 'adagrad' } }, /compile\.optimizer must be one of adadelta, adam, sgd, rmsprop/],
  ['a run name that climbs out of runs/', { ...conv({ filters: 1, kernel_size: 3 }), name: '../../../tmp/x' }, /^spec\.json: name must be one folder name .*Received: "\.\.\/\.\.\/\.\.\/tmp\/x"\.$/],
  ['a run name that is an absolute path', { ...conv({ filters: 1, kernel_size: 3 }), name: '/tmp/x' }, /^spec\.json: name must be one folder name/],
  ['a run name with a backslash', { ...conv({ filters: 1, kernel_size: 3 }), name: 'a\\b' }, /^spec\.json: name must be one folder name/],
  ['a run name that is ..', { ...conv({ filters: 1, kernel_size: 3 }), name: '..' }, /^spec\.json: name must be one folder name/],
  ['an empty run name', { ...conv({ filters: 1, kernel_size: 3 }), name: '' }, /^spec\.json: name must be one folder name/],
  ['a run name with a NUL byte', { ...conv({ filters: 1, kernel_size: 3 }), name: 'a\u0000b' }, /^spec\.json: name must be one folder name/],
  ['a run name over 100 characters', { ...conv({ filters: 1, kernel_size: 3 }), name: 'x'.repeat(101) }, /^spec\.json: name must be one folder name/],
  ['several issues are counted', conv({ filters: -1, kernel_size: -3 }), /filters must be a positive integer\. Received: -1\. \(\+1 more: at model\.layers\[0\]\.config\.kernel_size\)$/],
];

for (const [name, spec, pattern] of badSpecs) {
  test(`bad spec: ${name}`, () => assertUserError(() => parseSpec(spec, 'spec.json'), pattern));
}

test('a missing spec file is a UserError naming it', async () => {
  await assertRejectsUserError(loadSpec('does/not/exist.json'), /^does\/not\/exist\.json: no such file\./);
});

test('a spec that is not JSON reports line and column', async () => {
  await assertRejectsUserError(loadSpec('test/fixtures/spec-not-json/spec.json'), /spec\.json: line 5, column 3: must be valid JSON: expected a value after ",": trailing commas are not allowed\. Received: "\]"\./);
});

test('every kind of JSON error is located, with what was expected there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerasts-spec-'));
  try {
    const file = join(dir, 'spec.json');
    writeFileSync(file, '{\n  "dataset": "mnist"\n  "model": {}\n}\n');
    await assertRejectsUserError(loadSpec(file), /line 3, column 3: must be valid JSON: expected "," between items\. Received: "\\""/);
    writeFileSync(file, '{ "dataset": ');
    await assertRejectsUserError(loadSpec(file), /line 1, column 14: must be valid JSON: expected a value\. Received: the end of the file\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('suggestions use case-insensitive edit distance and refuse far-off names', () => {
  assert.equal(editDistance('Conv2d', 'Conv2D'), 0);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(nearest('Dens', ['Dense', 'Dropout']), 'Dense');
  assert.equal(nearest('LSTM', ['Dense', 'Dropout']), undefined);
});

test('a spec that is a device, too deep or too large is one line, exit 2, at once', async (t) => {
  await assertRejectsUserError(loadSpec('/dev/urandom'), /^\/dev\/urandom: the spec must be a regular file\. Received: a character device\.$/);
  const dir = mkdtempSync(join(tmpdir(), 'kerasts-spec-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const deep = join(dir, 'deep.json');
  writeFileSync(deep, `{"dataset": "mnist", "model": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
  const big = join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 64 * 1024 * 1024 + 1);
  for (const [file, pattern] of [
    ['/dev/urandom', /^kerasts: \/dev\/urandom: the spec or model file must be a regular file\. Received: a character device\.\n$/],
    [deep, /^kerasts: .*deep\.json: line 1, column \d+: must nest objects and arrays at most 512 levels deep\. Received: a deeper one\.\n$/],
    [big, /^kerasts: .*big\.json: the spec or model file must be at most 64 MiB\. Received: 67108865 bytes\.\n$/],
  ] as const) {
    const result = runCli(['summary', file], { timeoutMs: 30_000 });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, pattern);
  }
});

test('a spec that is not a JSON object says so, and a settings file given as a spec says what it is', () => {
  assertUserError(() => parseSpec([1, 2], 's.json'), /^s\.json: must be a JSON object \(an experiment spec\)\. Received: an array\.$/);
  assertUserError(() => parseSpec(7, 's.json'), /^s\.json: must be a JSON object \(an experiment spec\)\. Received: a number \(7\)\.$/);
  assertUserError(() => parseSpec({ backend: 'cpu' }, 's.json'), /This looks like a settings file \(backend\), not an experiment spec: use it with --config <file> or as ~\/\.kerasts\.json\.$/);
});

test('an unknown key in a Keras 1 Convolution2D lists the Keras 1 names (nb_filter, nb_row, ...) as well as the Keras 2 ones', () => {
  const spec = { dataset: 'mnist', model: { layers: [{ class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3, nb_col: 3, zzzz: 1 } }] } };
  assertUserError(
    () => parseSpec(spec, 's.json'),
    /^s\.json: model\.layers\[0\]\.config\.zzzz is not a known key\. Allowed keys: name, input_shape, filters, kernel_size, .*\. Keras 1 names also taken: nb_filter, .*nb_row, nb_col, input_dim\.$/,
  );
});
