import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['Conv2DTranspose 3x3 stride 2 valid', { class_name: 'Conv2DTranspose', config: { filters: 4, kernel_size: 3, strides: 2 } }, [5, 6, 2], [11, 13, 4], 76],
  ['Conv2DTranspose (2, 3) same, no bias', { class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: [2, 3], strides: [2, 1], padding: 'same', use_bias: false } }, [3, 3, 3], [6, 3, 2], 36],
  ['Conv2DTranspose kernel wider than its input', { class_name: 'Conv2DTranspose', config: { filters: 1, kernel_size: 5 } }, [2, 2, 1], [6, 6, 1], 26],
]);

test('Conv2DTranspose fills Keras defaults; Keras 1 Deconvolution2D is not an alias', () => {
  assert.deepEqual(configOf({ class_name: 'Conv2DTranspose', config: { filters: 1, kernel_size: 2 } }), {
    filters: 1,
    kernel_size: 2,
    strides: 1,
    padding: 'valid',
    activation: 'linear',
    use_bias: true,
    kernel_initializer: 'glorot_uniform',
    bias_initializer: 'zeros',
  });
  assertConfigError({ class_name: 'Deconvolution2D', config: { nb_filter: 1 } }, /model\.layers\[0\]\.class_name: Unknown layer class "Deconvolution2D"/);
  assertConfigError({ class_name: 'Conv2DTranspose', config: { kernel_size: 2 } }, /model\.layers\[0\]\.config\.filters is missing; it must be a positive integer\./);
});

test('Conv2DTranspose after Flatten is refused', () => {
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'Conv2DTranspose', config: { filters: 1, kernel_size: 2 } }], [4, 4, 1], 'tf', /model\.layers\[1\] \(conv2d_transpose_1, Conv2DTranspose\): needs a 4-D input/);
});
