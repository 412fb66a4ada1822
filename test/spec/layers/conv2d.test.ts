import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, buildOne, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['Conv2D 3x3 valid', { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3 } }, [28, 28, 1], [26, 26, 32], 320],
  ['Conv2D 3x3 same stride 2', { class_name: 'Conv2D', config: { filters: 8, kernel_size: [3, 3], strides: 2, padding: 'same' } }, [28, 28, 3], [14, 14, 8], 224],
  ['Conv2D 5x3 no bias', { class_name: 'Conv2D', config: { filters: 4, kernel_size: [5, 3], use_bias: false } }, [10, 10, 2], [6, 8, 4], 120],
  ['Convolution2D (Keras 1)', { class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3, nb_col: 3, border_mode: 'valid' } }, [26, 26, 32], [24, 24, 32], 9248],
  ['Conv2D after padding, 4x4 stride 3 valid', { class_name: 'Conv2D', config: { filters: 3, kernel_size: 4, strides: 3 } }, [11, 10, 2], [3, 3, 3], 99],
]);

test('Conv2D fills the Keras defaults and keeps what was given', () => {
  assert.deepEqual(configOf({ class_name: 'Conv2D', config: { filters: 2, kernel_size: [3, 5], activation: 'relu' } }), {
    filters: 2,
    kernel_size: [3, 5],
    strides: 1,
    padding: 'valid',
    activation: 'relu',
    use_bias: true,
    kernel_initializer: 'glorot_uniform',
    bias_initializer: 'zeros',
  });
});

test('Conv2D refuses bad values with the JSON path', () => {
  const conv = (config: Record<string, unknown>) => ({ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, ...config } });
  assertConfigError(conv({ filters: 0 }), /model\.layers\[0\]\.config\.filters must be a positive integer\. Received: 0\./);
  assertConfigError(conv({ kernel_size: 'three' }), /model\.layers\[0\]\.config\.kernel_size must be a positive integer or a list of two\. Received: "three"\./);
  // zod words a list of three itself; the path is still the key's.
  assertConfigError(conv({ kernel_size: [3, 3, 3] }), /model\.layers\[0\]\.config\.kernel_size must be a positive integer or a list of two\. Received: \[3,3,3\]\./);
  assertConfigError(conv({ strides: 0 }), /model\.layers\[0\]\.config\.strides must be a positive integer\. Received: 0\./);
  assertConfigError(conv({ activation: 'leaky' }), /model\.layers\[0\]\.config\.activation must be one of linear, relu/);
  assertConfigError(conv({ kernel_initializer: 'uniform' }), /model\.layers\[0\]\.config\.kernel_initializer must be one of zeros, ones/);
  assertConfigError(conv({ data_format: 'channels_middle' }), /model\.layers\[0\]\.config\.data_format must be "channels_last" or "channels_first"/);
  assertConfigError(conv({ use_bias: 'yes' }), /model\.layers\[0\]\.config\.use_bias must be true or false/);
});

test("Conv2D's own data_format overrides the image_dim_ordering setting", () => {
  const layer = { class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, data_format: 'channels_first' } };
  assert.deepEqual(buildOne(layer, [1, 28, 28], 'tf'), { shape: [null, 4, 26, 26], params: 40 });
  const keras1 = { class_name: 'Convolution2D', config: { nb_filter: 4, nb_row: 3, nb_col: 3, dim_ordering: 'tf' } };
  assert.deepEqual(buildOne(keras1, [28, 28, 1], 'th'), { shape: [null, 26, 26, 4], params: 40 });
});

const conv = (kernel: number) => ({ class_name: 'Conv2D', config: { filters: 8, kernel_size: kernel } });

test('a kernel larger than its input names the layer and both shapes (tf and th)', () => {
  const layers = [conv(3), { class_name: 'MaxPooling2D' }, conv(3), conv(5)];
  assertBuildError(layers, [8, 8, 1], 'tf',
    /^spec\.json: model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) must fit in its input's rows and cols \(1, 1\) with padding "valid"\. Received: input shape \(None, 1, 1, 8\)\. Use padding "same"/);
  assertBuildError(layers, [1, 8, 8], 'th', /model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) .* Received: input shape \(None, 8, 1, 1\)\./);
});

test('Conv2D after Flatten is refused with the shape', () => {
  assertBuildError([{ class_name: 'Flatten' }, conv(3)], [28, 28, 1], 'tf', /model\.layers\[1\] \(conv2d_1, Conv2D\): needs a 4-D input \(batch, rows, cols, channels\)\. Received: input shape \(None, 784\)\./);
});
