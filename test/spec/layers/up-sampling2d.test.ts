import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['UpSampling2D default 2x2', { class_name: 'UpSampling2D' }, [5, 5, 3], [10, 10, 3], 0],
  ['UpSampling2D (2, 3) bilinear', { class_name: 'UpSampling2D', config: { size: [2, 3], interpolation: 'bilinear' } }, [4, 5, 2], [8, 15, 2], 0],
  ['UpSampling2D (Keras 1 dim_ordering default)', { class_name: 'UpSampling2D', config: { size: [3, 1], dim_ordering: 'default' } }, [2, 2, 1], [6, 2, 1], 0],
]);

test('UpSampling2D defaults and refusals name the key', () => {
  assert.deepEqual(configOf({ class_name: 'UpSampling2D' }), { size: [2, 2], interpolation: 'nearest' });
  assertConfigError({ class_name: 'UpSampling2D', config: { interpolation: 'bicubic' } }, /model\.layers\[0\]\.config\.interpolation must be "nearest" or "bilinear"\. Received: "bicubic"\./);
  assertConfigError({ class_name: 'UpSampling2D', config: { size: 0 } }, /model\.layers\[0\]\.config\.size must be a positive integer/);
});

test('UpSampling2D after Flatten is refused with the shape', () => {
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'UpSampling2D' }], [4, 4, 1], 'th', /model\.layers\[1\] \(up_sampling2d_1, UpSampling2D\): needs a 4-D input \(batch, channels, rows, cols\)\. Received: input shape \(None, 16\)\. Put it before the Flatten layer/);
});
