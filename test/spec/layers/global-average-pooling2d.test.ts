import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { globalAveragePooling2d } from '../../../src/spec/layers/global-average-pooling2d.js';
import { assertBuildError, flatTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

flatTests([
  ['GlobalAveragePooling2D tf', { class_name: 'GlobalAveragePooling2D' }, [6, 6, 16], 'tf', [null, 16], 0],
  ['GlobalAveragePooling2D th', { class_name: 'GlobalAveragePooling2D' }, [16, 6, 6], 'th', [null, 16], 0],
  ['GlobalAveragePooling2D own data_format', { class_name: 'GlobalAveragePooling2D', config: { data_format: 'channels_first' } }, [3, 6, 5], 'tf', [null, 3], 0],
]);

test('GlobalAveragePooling2D averages each channel over rows and cols', () => {
  const config = globalAveragePooling2d.schema.parse({});
  const layer = globalAveragePooling2d.toTfjs(config, { name: 'g', dataFormat: 'channels_last', inputShape: [1, 2, 2], input: [null, 1, 2, 2] });
  const out = tf.tidy(() => Array.from((layer.apply(tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2])) as tf.Tensor).dataSync()));
  assert.deepEqual(out, [2, 20]);
});

test('GlobalAveragePooling2D needs an image input', () => {
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'GlobalAveragePooling2D' }], [4, 4, 1], 'tf', /model\.layers\[1\] \(global_average_pooling2d_1, GlobalAveragePooling2D\): needs a 4-D input/);
});
