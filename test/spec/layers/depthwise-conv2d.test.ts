import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

// Keras's count: k*k*in*dm weights + in*dm biases.
spatialTests([
  ['DepthwiseConv2D 3x3 valid', { class_name: 'DepthwiseConv2D', config: { kernel_size: 3 } }, [10, 10, 4], [8, 8, 4], 3 * 3 * 4 + 4],
  ['DepthwiseConv2D 3x2 stride 2, multiplier 3', { class_name: 'DepthwiseConv2D', config: { kernel_size: [3, 2], strides: 2, depth_multiplier: 3 } }, [9, 8, 2], [4, 4, 6], 3 * 2 * 6 + 6],
  ['DepthwiseConv2D same, no bias', { class_name: 'DepthwiseConv2D', config: { kernel_size: 5, padding: 'same', use_bias: false } }, [6, 7, 3], [6, 7, 3], 75],
]);

test('DepthwiseConv2D fills the Keras defaults and refuses what Keras refuses', () => {
  assert.deepEqual(configOf({ class_name: 'DepthwiseConv2D', config: { kernel_size: 3 } }), {
    kernel_size: 3, strides: 1, padding: 'valid', depth_multiplier: 1, activation: 'linear', use_bias: true,
    depthwise_initializer: 'glorot_uniform', bias_initializer: 'zeros',
  });
  assertConfigError({ class_name: 'DepthwiseConv2D', config: { kernel_size: 3, filters: 8 } }, /filters/);
  assertConfigError({ class_name: 'DepthwiseConv2D', config: { kernel_size: [3, 3, 3] } }, /model\.layers\[0\]\.config\.kernel_size must be a positive integer or a list of two/);
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'DepthwiseConv2D', config: { kernel_size: 3 } }], [6, 6, 1], 'tf', /model\.layers\[1\] \(depthwise_conv2d_1, DepthwiseConv2D\): needs a 4-D input/);
});
