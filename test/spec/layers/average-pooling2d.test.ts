import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { averagePooling2d } from '../../../src/spec/layers/average-pooling2d.js';
import { spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['AveragePooling2D same', { class_name: 'AveragePooling2D', config: { pool_size: 2, padding: 'same' } }, [7, 7, 2], [4, 4, 2], 0],
  ['AveragePooling2D 2x3 valid', { class_name: 'AveragePooling2D', config: { pool_size: [2, 3] } }, [6, 9, 1], [3, 3, 1], 0],
]);

test('AveragePooling2D takes the mean of each window', () => {
  const layer = averagePooling2d.toTfjs(averagePooling2d.schema.parse({}), { name: 'average_pooling2d_1', dataFormat: 'channels_last', inputShape: [2, 4, 1], input: [null, 2, 4, 1] });
  const out = tf.tidy(() => Array.from((layer.apply(tf.tensor4d([1, 5, 2, 0, 3, 4, 8, 7], [1, 2, 4, 1])) as tf.Tensor).dataSync()));
  assert.deepEqual(out, [13 / 4, 17 / 4]);
  assert.equal(layer.getClassName(), 'AveragePooling2D');
  assert.equal(averagePooling2d.namePrefix, 'average_pooling2d');
});
