import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SETTING_KEYS, settingsFileSchema, settingsSchema } from '../../src/settings/schema.js';

const messages = (value: unknown): string[] => {
  const result = settingsFileSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

test('a settings file may give any subset of the keys, in Keras 1 or Keras 2 spelling', () => {
  assert.deepEqual(settingsFileSchema.parse({}), {});
  assert.deepEqual(settingsFileSchema.parse({ image_data_format: 'channels_first', epsilon: 1e-8 }), { image_data_format: 'channels_first', epsilon: 1e-8 });
  assert.deepEqual(settingsFileSchema.parse({ dataset_mirrors: { mnist: 'https://example.org/mnist/' } }).dataset_mirrors, { mnist: 'https://example.org/mnist/' });
});

test('bad values and unknown keys are refused with the key and what was expected', () => {
  assert.deepEqual(messages({ image_dim_ordering: 'channels_last' }), ['image_dim_ordering: must be "tf" (rows, cols, channels) or "th" (channels, rows, cols)']);
  assert.deepEqual(messages({ floatx: 'float64' }), ['floatx: must be "float32" (the only float type tfjs trains in)']);
  assert.deepEqual(messages({ epsilon: 0 }), ['epsilon: must be a positive number']);
  assert.deepEqual(messages({ backend: 'theano' }), ['backend: must be one of auto, tensorflow, wasm, cpu']);
  assert.deepEqual(messages({ dataset_mirrors: { mnist: 'ftp://example.org/' } }), ['dataset_mirrors.mnist: must be an http:// or https:// URL (ftp:// is not supported)']);
  assert.equal(messages({ image_dim_orderin: 'tf' }).length, 1, 'strict');
});

test('resolved settings have every key, in one vocabulary', () => {
  assert.deepEqual(SETTING_KEYS, ['image_dim_ordering', 'backend', 'floatx', 'epsilon', 'dataset_mirrors']);
  assert.equal(settingsSchema.safeParse({ image_dim_ordering: 'tf', backend: 'auto', floatx: 'float32', epsilon: 1e-7 }).success, false, 'dataset_mirrors is required');
  assert.equal(settingsSchema.safeParse({ image_dim_ordering: 'tf', backend: 'auto', floatx: 'float32', epsilon: 1e-7, dataset_mirrors: {} }).success, true);
});
