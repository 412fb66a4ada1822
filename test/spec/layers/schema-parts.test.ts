import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ACTIVATIONS, activation, boolean, common, dataFormat, edges2d, initializer, INITIALIZERS, intOrPair, nonNegativeInt, padding, positiveInt } from '../../../src/spec/layers/schema-parts.js';

/** The one message zod reports for `value`, or undefined when it passes. */
const messageOf = (schema: z.ZodType, value: unknown): string | undefined => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues.map((issue) => issue.message).join('; ');
};

test('positive and non-negative integers refuse fractions, zero or negatives, and non-numbers, with one wording', () => {
  assert.equal(messageOf(positiveInt(), 3), undefined);
  for (const bad of [0, -1, 2.5, '3', null]) assert.equal(messageOf(positiveInt(), bad), 'must be a positive integer', String(bad));
  assert.equal(messageOf(nonNegativeInt(), 0), undefined);
  for (const bad of [-1, 0.5, 'x']) assert.equal(messageOf(nonNegativeInt(), bad), 'must be a non-negative integer', String(bad));
  assert.equal(messageOf(nonNegativeInt('custom words'), -1), 'custom words');
});

test('intOrPair takes an int or a list of two, as Keras normalize_tuple', () => {
  assert.equal(intOrPair().parse(3), 3);
  assert.deepEqual(intOrPair().parse([2, 5]), [2, 5]);
  assert.equal(messageOf(intOrPair(), 'three'), 'must be a positive integer or a list of two');
  assert.notEqual(messageOf(intOrPair(), [2, 0]), undefined);
  // A list of the wrong length gets the same wording, not zod's "Too big: expected array to have <=2 items".
  assert.equal(messageOf(intOrPair(), [2]), 'must be a positive integer or a list of two');
  assert.equal(messageOf(intOrPair(), [3, 3, 3]), 'must be a positive integer or a list of two');
});

test('edges2d takes n, (rows, cols) or ((top, bottom), (left, right)), and words every refusal alike', () => {
  assert.equal(edges2d().parse(0), 0);
  assert.deepEqual(edges2d().parse([1, 2]), [1, 2]);
  assert.deepEqual(edges2d().parse([[1, 2], [0, 3]]), [[1, 2], [0, 3]]);
  for (const bad of [-1, [1, 2, 3], [[1, 2], [3]], [[1, 2, 3], [0, 0]], 'same']) {
    assert.match(messageOf(edges2d(), bad)!, /must be an integer, a list of two, or a list of two lists of two/, JSON.stringify(bad));
  }
});

test('enumerations list every accepted value in their message', () => {
  for (const name of ACTIVATIONS) assert.equal(activation.parse(name), name);
  for (const name of INITIALIZERS) assert.equal(initializer.parse(name), name);
  assert.match(messageOf(activation, 'leaky')!, new RegExp(`^must be one of ${ACTIVATIONS.join(', ')}$`));
  assert.match(messageOf(initializer, 'uniform')!, /^must be one of zeros, ones, glorot_uniform/);
  assert.equal(messageOf(padding, 'full'), 'must be "valid" or "same"');
  assert.equal(dataFormat.parse(undefined), undefined, 'omitted: follow the setting');
  assert.equal(messageOf(dataFormat, 'tf'), 'must be "channels_last" or "channels_first"');
  assert.equal(messageOf(boolean(), 1), 'must be true or false');
});

test('every layer may take a non-empty name and a list of positive input dims', () => {
  const schema = z.strictObject(common);
  assert.deepEqual(schema.parse({ name: 'a', input_shape: [28, 28, 1] }), { name: 'a', input_shape: [28, 28, 1] });
  assert.deepEqual(schema.parse({}), {});
  assert.equal(messageOf(schema, { name: '' }), 'must be a non-empty string');
  assert.notEqual(messageOf(schema, { input_shape: [] }), undefined);
  assert.equal(messageOf(schema, { input_shape: [28, 0] }), 'must be a positive integer');
});
