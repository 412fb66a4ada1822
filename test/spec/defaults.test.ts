import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_EPOCHS,
  DEFAULT_LOSS,
  DEFAULT_METRICS,
  DEFAULT_OPTIMIZER,
  DEFAULT_SHUFFLE,
  DEFAULT_TERMINATE_ON_NAN,
  LOSS_NAMES,
  OPTIMIZER_CLASS_NAMES,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
} from '../../src/spec/defaults.js';
import { parseSpec } from '../../src/spec/load.js';

const minimal = { dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }] } };

test('the defaults are what a spec that gives nothing gets (mnist_cnn.py values)', () => {
  const spec = parseSpec(minimal);
  assert.equal(spec.fit.epochs, DEFAULT_EPOCHS);
  assert.equal(spec.fit.batch_size, DEFAULT_BATCH_SIZE);
  assert.equal(spec.fit.shuffle, DEFAULT_SHUFFLE);
  assert.deepEqual(spec.compile.optimizer, { name: DEFAULT_OPTIMIZER, config: {} });
  assert.equal(spec.compile.loss, DEFAULT_LOSS);
  assert.deepEqual(spec.compile.metrics, DEFAULT_METRICS);
  assert.equal(spec.callbacks.terminate_on_nan, DEFAULT_TERMINATE_ON_NAN);
  assert.deepEqual([DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_OPTIMIZER], [12, 128, 'adadelta']);
});

test('every optimizer with defaults is accepted by name, and the default loss is a known loss', () => {
  assert.deepEqual(OPTIMIZER_NAMES, Object.keys(OPTIMIZER_DEFAULTS));
  for (const name of OPTIMIZER_NAMES) assert.equal(parseSpec({ ...minimal, compile: { optimizer: name } }).compile.optimizer.name, name);
  assert.ok((LOSS_NAMES as readonly string[]).includes(DEFAULT_LOSS));
  assert.deepEqual(OPTIMIZER_DEFAULTS.adadelta, { learning_rate: 1.0, rho: 0.95 }, 'Keras 2 Adadelta');
});

test('every optimizer has its Keras class name for messages', () => {
  assert.deepEqual(Object.keys(OPTIMIZER_CLASS_NAMES).sort(), [...OPTIMIZER_NAMES].sort());
  assert.equal(OPTIMIZER_CLASS_NAMES.adadelta, 'Adadelta');
  assert.equal(OPTIMIZER_CLASS_NAMES.rmsprop, 'RMSprop');
});
