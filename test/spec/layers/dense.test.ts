import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, configOf, flatTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

flatTests([
  ['Dense 4608 → 128', { class_name: 'Dense', config: { units: 128 } }, [4608], 'tf', [null, 128], 589952],
  ['Dense (Keras 1 output_dim)', { class_name: 'Dense', config: { output_dim: 10 } }, [128], 'th', [null, 10], 1290],
  ['Dense without bias', { class_name: 'Dense', config: { units: 3, use_bias: false } }, [5], 'tf', [null, 3], 15],
]);

test('Dense takes Keras 1 init and bias, and refuses a bad units with the JSON path', () => {
  assert.deepEqual(configOf({ class_name: 'Dense', config: { output_dim: 4, init: 'he_normal', bias: false } }), {
    units: 4,
    kernel_initializer: 'he_normal',
    use_bias: false,
    activation: 'linear',
    bias_initializer: 'zeros',
  });
  assertConfigError({ class_name: 'Dense', config: { units: 0 } }, /model\.layers\[0\]\.config\.units must be a positive integer\. Received: 0\./);
  assertConfigError({ class_name: 'Dense', config: {} }, /model\.layers\[0\]\.config\.units is missing/);
});

test('Dense on a 4-D input asks for a Flatten', () => {
  assertBuildError(
    [{ class_name: 'Conv2D', config: { filters: 8, kernel_size: 3 } }, { class_name: 'Dense', config: { units: 10 } }],
    [28, 28, 1],
    'tf',
    /model\.layers\[1\] \(dense_1, Dense\): needs a 2-D input \(batch, features\)\. Received: input shape \(None, 26, 26, 8\)\. Add a Flatten layer before it\./,
  );
});
