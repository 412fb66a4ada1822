import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertBuildError, assertConfigError, configOf, flatTests, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['BatchNormalization on the channel axis', { class_name: 'BatchNormalization' }, [6, 6, 16], [6, 6, 16], 64],
  ['BatchNormalization without center or scale', { class_name: 'BatchNormalization', config: { center: false, scale: false } }, [3, 3, 5], [3, 3, 5], 10],
]);

flatTests([
  ['BatchNormalization on features', { class_name: 'BatchNormalization' }, [12], 'th', [null, 12], 48],
  ['BatchNormalization axis 2 (rows)', { class_name: 'BatchNormalization', config: { axis: 2 } }, [4, 6, 3], 'tf', [null, 4, 6, 3], 24],
  ['BatchNormalization axis -3 (rows, counted from the end)', { class_name: 'BatchNormalization', config: { axis: -3 } }, [4, 6, 3], 'tf', [null, 4, 6, 3], 16],
]);

test('BatchNormalization defaults are Keras 2’s, and bad values name the key', () => {
  assert.deepEqual(configOf({ class_name: 'BatchNormalization' }), { momentum: 0.99, epsilon: 1e-3, center: true, scale: true });
  assertConfigError({ class_name: 'BatchNormalization', config: { momentum: 1 } }, /model\.layers\[0\]\.config\.momentum/);
  assertConfigError({ class_name: 'BatchNormalization', config: { epsilon: 0 } }, /model\.layers\[0\]\.config\.epsilon must be a positive number\. Received: 0\./);
  assertConfigError({ class_name: 'BatchNormalization', config: { axis: 1.5 } }, /model\.layers\[0\]\.config\.axis must be an integer\. Received: 1\.5\./);
});

test('an axis that is the batch axis or beyond the input is refused before tfjs builds it', () => {
  for (const axis of [0, 4, -4]) {
    assertBuildError([{ class_name: 'BatchNormalization', config: { axis } }], [4, 4, 2], 'tf',
      new RegExp(`model\\.layers\\[0\\] \\(batch_normalization_1, BatchNormalization\\): axis must name a non-batch axis of its 4-D input\\. Received: axis ${axis} for input shape \\(None, 4, 4, 2\\)\\.`));
  }
});
