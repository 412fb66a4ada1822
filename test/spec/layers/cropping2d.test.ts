import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { buildModel } from '../../../src/model/build.js';
import { translateLayer } from '../../../src/spec/keras1.js';
import { assertBuildError, assertConfigError, configOf, layersOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['Cropping2D 1', { class_name: 'Cropping2D', config: { cropping: 1 } }, [6, 5, 3], [4, 3, 3], 0],
  ['Cropping2D (2, 0)', { class_name: 'Cropping2D', config: { cropping: [2, 0] } }, [6, 5, 3], [2, 5, 3], 0],
  ['Cropping2D ((1,2),(0,3))', { class_name: 'Cropping2D', config: { cropping: [[1, 2], [0, 3]] } }, [6, 5, 2], [3, 2, 2], 0],
  ['Cropping2D (Keras 1 dim_ordering default)', { class_name: 'Cropping2D', config: { cropping: [[0, 1], [1, 0]], dim_ordering: 'default' } }, [3, 3, 1], [2, 2, 1], 0],
]);

test('Cropping2D keeps exactly the rows and cols inside the crop, in both orderings', async () => {
  // A 4 x 5 image of values 10*row + col; cropping ((1, 0), (2, 1)) keeps rows 1..3 and cols 2..3.
  const image = Array.from({ length: 4 }, (_, r) => Array.from({ length: 5 }, (_, c) => 10 * r + c));
  const kept = image.slice(1).map((row) => row.slice(2, 4));
  const layer = { class_name: 'Cropping2D', config: { cropping: [[1, 0], [2, 1]] } };
  for (const ordering of ['tf', 'th'] as const) {
    const model = buildModel(layersOf([layer]), { imageDimOrdering: ordering, inputShape: ordering === 'tf' ? [4, 5, 1] : [1, 4, 5] });
    const x = ordering === 'tf' ? tf.tensor4d(image.map((row) => row.map((v) => [v])).flat(2), [1, 4, 5, 1]) : tf.tensor4d(image.flat(), [1, 1, 4, 5]);
    const y = model.predict(x) as tf.Tensor;
    assert.deepEqual(Array.from(await y.data()), kept.flat(), `${ordering}: the kept pixels`);
    tf.dispose([x, y]);
    model.dispose();
  }
});

test('Cropping2D defaults to no cropping and refuses negative, fractional or ragged amounts with the JSON path', () => {
  assert.deepEqual(configOf({ class_name: 'Cropping2D' }), { cropping: 0 });
  const message = /model\.layers\[0\]\.config\.cropping must be an integer, a list of two, or a list of two lists of two/;
  assertConfigError({ class_name: 'Cropping2D', config: { cropping: -1 } }, message);
  assertConfigError({ class_name: 'Cropping2D', config: { cropping: [[1, 2], [3]] } }, /model\.layers\[0\]\.config\.cropping/);
  assertConfigError({ class_name: 'Cropping2D', config: { cropping: 'same' } }, message);
  assertConfigError({ class_name: 'Cropping2D', config: { croping: 1 } }, /croping/);
});

test('Cropping2D that would leave no row or col, or after Flatten, is refused before tfjs builds it', () => {
  assertBuildError([{ class_name: 'Cropping2D', config: { cropping: [[2, 2], [0, 0]] } }], [4, 6, 1], 'tf', /model\.layers\[0\] \(cropping2d_1, Cropping2D\): cropping \[\[2,2\],\[0,0\]\] must leave at least one row and one col\. Received: input shape \(None, 4, 6, 1\)\. Crop less/);
  assertBuildError([{ class_name: 'Cropping2D', config: { cropping: [0, 3] } }], [1, 8, 6], 'th', /cropping \[\[0,0\],\[3,3\]\] must leave at least one row and one col\. Received: input shape \(None, 1, 8, 6\)/);
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'Cropping2D' }], [4, 4, 1], 'tf', /model\.layers\[1\] \(cropping2d_1, Cropping2D\): needs a 4-D input/);
});

test('Cropping2D in Keras 1 spelling: dim_ordering becomes data_format', () => {
  const at = ['model', 'layers', 0];
  assert.deepEqual(translateLayer({ class_name: 'Cropping2D', config: { cropping: [[1, 1], [2, 2]], dim_ordering: 'th' } }, at).layer, {
    class_name: 'Cropping2D',
    config: { cropping: [[1, 1], [2, 2]], data_format: 'channels_first' },
  });
});
