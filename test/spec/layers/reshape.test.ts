import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { buildModel } from '../../../src/model/build.js';
import { assertBuildError, assertConfigError, flatTests, layersOf } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

flatTests([
  ['Reshape', { class_name: 'Reshape', config: { target_shape: [28, 28, 1] } }, [784], 'tf', [null, 28, 28, 1], 0],
  ['Reshape with -1 (resolved, as Keras prints it)', { class_name: 'Reshape', config: { target_shape: [-1, 8] } }, [72], 'tf', [null, 9, 8], 0],
]);

test('a Reshape with -1 leaves the spec as written and can be flattened', () => {
  const spec = layersOf([{ class_name: 'Reshape', config: { target_shape: [-1, 8] } }, { class_name: 'Flatten' }]);
  const model = buildModel(spec, { imageDimOrdering: 'tf', inputShape: [72] });
  assert.deepEqual(model.outputShape, [null, 72]);
  model.dispose();
  // tfjs writes null over the -1 of the array it is given; the spec is written to the run directory afterwards.
  assert.deepEqual(spec.layers[0]!.config, { target_shape: [-1, 8] });
});

test('a Reshape that cannot hold its input is refused', () => {
  assertBuildError([{ class_name: 'Reshape', config: { target_shape: [5, 5] } }], [28, 28, 1], 'tf', /target_shape \(5, 5\) must hold the 784 values/);
  assertBuildError([{ class_name: 'Reshape', config: { target_shape: [-1, 5] } }], [28, 28, 1], 'tf', /target_shape \(-1, 5\) must hold the 784 values/);
  assertBuildError([{ class_name: 'Reshape', config: { target_shape: [-1, -1] } }], [4, 4, 1], 'tf', /target_shape \(-1, -1\) must hold the 16 values of its input \(at most one -1\)/);
});

test('target_shape must be positive integers or -1, and is required', () => {
  const message = /model\.layers\[0\]\.config\.target_shape.* must be a list of positive integers \(one may be -1\)/;
  assertConfigError({ class_name: 'Reshape', config: { target_shape: [0, 4] } }, message);
  assertConfigError({ class_name: 'Reshape', config: { target_shape: [-2] } }, message);
  assertConfigError({ class_name: 'Reshape', config: { target_shape: [] } }, message);
  assertConfigError({ class_name: 'Reshape', config: {} }, /model\.layers\[0\]\.config\.target_shape is missing/);
});
