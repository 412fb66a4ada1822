import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/spec/load.js';
import { compileSchema, datasetSchema, experimentSpecSchema, optimizerSchema, VALIDATION_DATA_TEST } from '../../src/spec/schema.js';
import { userError } from '../helpers/user-error.js';

const flatten = { model: { layers: [{ class_name: 'Flatten' }] } };

test('an optimizer is a name in any case, or {class_name | name, config}; lr is read as learning_rate', () => {
  assert.deepEqual(optimizerSchema.parse('Adadelta'), { name: 'adadelta', config: {} });
  assert.deepEqual(optimizerSchema.parse({ class_name: 'RMSprop', config: { lr: 0.01, rho: 0.8 } }), { name: 'rmsprop', config: { rho: 0.8, learning_rate: 0.01 } });
  assert.deepEqual(optimizerSchema.parse({ name: 'sgd', config: { learning_rate: 0.5, lr: 0.1 } }).config.learning_rate, 0.5, 'learning_rate wins over lr');
  assert.deepEqual(optimizerSchema.parse({ name: 'adam' }), { name: 'adam', config: { learning_rate: undefined } });
  const missing = optimizerSchema.safeParse({ config: { lr: 0.1 } });
  assert.equal(missing.success, false);
  assert.equal(missing.error!.issues[0]!.message, 'needs a "class_name" (e.g. "Adadelta")');
  assert.equal(optimizerSchema.safeParse('adagrad').success, false);
  assert.equal(optimizerSchema.safeParse({ class_name: 'sgd', config: { momentum: -1 } }).success, false);
});

test('compile defaults and a dataset given by name become objects', () => {
  assert.deepEqual(compileSchema.parse({}), { optimizer: { name: 'adadelta', config: {} }, loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  assert.deepEqual(datasetSchema.parse('cifar10'), { name: 'cifar10' });
  assert.deepEqual(datasetSchema.parse({ name: 'idx', path: 'data/x', limit: 10 }), { name: 'idx', path: 'data/x', limit: 10 });
});

test('a directory dataset needs a path, and its fields are refused on other datasets', () => {
  assert.throws(() => parseSpec({ dataset: { name: 'directory' }, ...flatten }, 's.json'), userError(/^s\.json: dataset\.path is required for the directory dataset/));
  assert.throws(() => parseSpec({ dataset: { name: 'mnist', image_size: [8, 8] }, ...flatten }, 's.json'), userError(/^s\.json: dataset\.image_size applies only to the directory dataset\. Received: dataset "mnist"/));
  assert.equal(experimentSpecSchema.safeParse({ dataset: { name: 'directory', path: 'imgs', image_size: [8, 8] }, ...flatten }).success, true);
});

test('callbacks get Keras defaults', () => {
  const spec = parseSpec({ dataset: 'mnist', ...flatten, callbacks: { early_stopping: {}, model_checkpoint: {} } });
  assert.deepEqual(spec.callbacks.early_stopping, { monitor: 'val_loss', min_delta: 0, patience: 0, mode: 'auto', restore_best_weights: false });
  assert.deepEqual(spec.callbacks.model_checkpoint, { monitor: 'val_loss', save_best_only: false, mode: 'auto' });
  assert.throws(() => parseSpec({ dataset: 'mnist', ...flatten, callbacks: { early_stopping: { mode: 'up' } } }, 's.json'), userError(/^s\.json: callbacks\.early_stopping\.mode must be one of auto, min, max/));
});

test('fit.validation_data "test" and the mnist-sample dataset are accepted; other values and both validations at once are not', () => {
  const base = { dataset: 'mnist-sample', model: { layers: [{ class_name: 'Flatten', config: {} }] } };
  const spec = parseSpec({ ...base, fit: { validation_data: 'test' } });
  assert.equal(spec.fit.validation_data, VALIDATION_DATA_TEST);
  assert.deepEqual(spec.dataset, { name: 'mnist-sample' });
  assert.throws(() => parseSpec({ ...base, fit: { validation_data: 'train' } }, 's.json'), userError(/^s\.json: fit\.validation_data must be "test" \(validate on the test set after each epoch\)\. Received: "train"\.$/));
  assert.throws(
    () => parseSpec({ ...base, fit: { validation_data: 'test', validation_split: 0.1 } }, 's.json'),
    userError(/^s\.json: fit\.validation_data must not be given with fit\.validation_split: validate on the test set or on a split of the training set, not both\. Received: "test"\.$/),
  );
  assert.throws(
    () => parseSpec({ ...base, dataset: { name: 'mnist', validation_split: 0.1 }, fit: { validation_data: 'test' } }, 's.json'),
    userError(/^s\.json: fit\.validation_data must not be given with dataset\.validation_split/),
  );
});

test('fit.verbose is 0, 1 or 2 and output.dir a non-empty string', () => {
  assert.equal(parseSpec({ dataset: 'mnist', ...flatten, fit: { verbose: 2 } }).fit.verbose, 2);
  assert.throws(() => parseSpec({ dataset: 'mnist', ...flatten, fit: { verbose: 3 } }, 's.json'), userError(/^s\.json: fit\.verbose must be 0, 1 or 2\. Received: 3\./));
  assert.throws(() => parseSpec({ dataset: 'mnist', ...flatten, output: { dir: '' } }, 's.json'), userError(/^s\.json: output\.dir /));
});
