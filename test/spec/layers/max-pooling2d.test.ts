import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { maxPooling2d } from '../../../src/spec/layers/max-pooling2d.js';
import { spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['MaxPooling2D 2x2', { class_name: 'MaxPooling2D', config: { pool_size: [2, 2] } }, [24, 24, 32], [12, 12, 32], 0],
  ['MaxPooling2D 3x3 stride 1', { class_name: 'MaxPooling2D', config: { pool_size: 3, strides: 1 } }, [7, 7, 2], [5, 5, 2], 0],
]);

test('MaxPooling2D takes the maximum of each window', () => {
  const layer = maxPooling2d.toTfjs(maxPooling2d.schema.parse({}), { name: 'max_pooling2d_1', dataFormat: 'channels_last', inputShape: [2, 4, 1], input: [null, 2, 4, 1] });
  const out = tf.tidy(() => Array.from((layer.apply(tf.tensor4d([1, 5, 2, 0, 3, 4, 8, 7], [1, 2, 4, 1])) as tf.Tensor).dataSync()));
  assert.deepEqual(out, [5, 8]);
  assert.equal(layer.getClassName(), 'MaxPooling2D');
});
