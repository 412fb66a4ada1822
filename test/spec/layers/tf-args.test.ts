import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { INITIALIZERS } from '../../../src/spec/layers/schema-parts.js';
import { toTfActivation, toTfDataFormat, toTfInitializer } from '../../../src/spec/layers/tf-args.js';

before(() => initBackend('cpu'));

test('data formats and activations get their tfjs spellings', () => {
  assert.equal(toTfDataFormat('channels_first'), 'channelsFirst');
  assert.equal(toTfDataFormat('channels_last'), 'channelsLast');
  assert.equal(toTfActivation('hard_sigmoid'), 'hardSigmoid');
  assert.equal(toTfActivation('relu6'), 'relu6');
});

test('every Keras initializer name gives a tfjs initializer; Keras random_* defaults are 0.05', () => {
  for (const name of INITIALIZERS) {
    const values = tf.tidy(() => Array.from(toTfInitializer(name, 3).apply([4, 4]).dataSync()));
    assert.equal(values.length, 16, name);
    if (name === 'zeros') assert.ok(values.every((v) => v === 0));
    if (name === 'ones') assert.ok(values.every((v) => v === 1));
  }
  assert.deepEqual(toTfInitializer('random_normal', 3).getConfig(), { mean: 0, stddev: 0.05, seed: 3 });
  assert.deepEqual(toTfInitializer('random_uniform', 3).getConfig(), { minval: -0.05, maxval: 0.05, seed: 3 });
  assert.deepEqual(toTfInitializer('truncated_normal', undefined).getConfig(), { mean: 0, stddev: 0.05, seed: undefined });
  const uniform = tf.tidy(() => Array.from(toTfInitializer('random_uniform', 1).apply([1000]).dataSync()));
  assert.ok(uniform.every((v) => Math.abs(v) <= 0.05));
});

test('a seed makes an initializer repeat its draw', () => {
  const draw = (seed: number) => tf.tidy(() => Array.from(toTfInitializer('glorot_uniform', seed).apply([3, 3]).dataSync()));
  assert.deepEqual(draw(5), draw(5));
  assert.notDeepEqual(draw(5), draw(6));
});
