import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { planSpec } from '../../src/model/from-spec.js';
import { parseSpec } from '../../src/spec/load.js';

const specOf = (raw: unknown) => parseSpec(raw, 'spec.json');

test('planSpec checks a spec before data is loaded: the dataset fixes the input shape', () => {
  const spec = specOf(JSON.parse(readFileSync('configs/mnist_cnn.json', 'utf8')));
  assert.equal(planSpec(spec, 'spec.json', { imageDimOrdering: 'th' })?.params, 600810);
  const huge = specOf(JSON.parse(readFileSync('test/fixtures/spec-too-large/spec.json', 'utf8')));
  assert.throws(() => planSpec(huge, 'spec.json', { imageDimOrdering: 'tf' }), (error: unknown) => error instanceof UserError && error.exitCode === 2 && /needs 32,007,040,160 bytes to train/.test(error.message));
});

test('planSpec defers what it cannot know yet: idx data without input_shape, a model.json', () => {
  assert.equal(planSpec(specOf({ dataset: { name: 'idx', path: 'x' }, model: { layers: [{ type: 'Flatten' }] } }), 'spec.json', { imageDimOrdering: 'tf' }), undefined);
  assert.equal(planSpec(specOf({ dataset: 'mnist', model: 'model.json' }), 'spec.json', { imageDimOrdering: 'tf' }), undefined);
  const shaped = specOf({ dataset: { name: 'idx', path: 'x' }, model: { layers: [{ type: 'Flatten', input_shape: [4, 4, 1] }, { type: 'Dense', units: 2 }] } });
  assert.equal(planSpec(shaped, 'spec.json', { imageDimOrdering: 'tf' })?.params, 34);
});
