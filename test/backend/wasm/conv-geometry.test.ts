import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { convGeometry } from '../../../src/backend/wasm/conv-geometry.js';

const attrs = (pad: tf.Conv2DBackpropInputAttrs['pad'], strides: number | [number, number] = 1, dimRoundingMode?: 'floor' | 'round' | 'ceil') =>
  ({ strides, pad, dataFormat: 'NHWC' as const, dimRoundingMode });

test('valid and same padding give the output size and per-side padding Keras computes', () => {
  const valid = convGeometry([2, 7, 6, 3], [3, 3, 3, 4], attrs('valid'));
  assert.deepEqual([valid.batchSize, valid.outHeight, valid.outWidth, valid.outChannels], [2, 5, 4, 4]);
  assert.deepEqual([valid.padInfo.top, valid.padInfo.bottom, valid.padInfo.left, valid.padInfo.right], [0, 0, 0, 0]);
  // same, stride 2, 7 rows: ceil(7 / 2) = 4 outputs need 3*2 + 3 = 9 rows, 2 of padding, the odd one after.
  const same = convGeometry([1, 7, 8, 1], [3, 3, 1, 1], attrs('same', 2));
  assert.deepEqual([same.outHeight, same.outWidth, same.strideHeight, same.strideWidth], [4, 4, 2, 2]);
  assert.deepEqual([same.padInfo.top, same.padInfo.bottom, same.padInfo.left, same.padInfo.right], [1, 1, 0, 1]);
});

test('explicit per-side and numeric padding are read as given', () => {
  const explicit = convGeometry([1, 6, 5, 1], [3, 2, 1, 1], attrs([[0, 0], [2, 0], [0, 1], [0, 0]]));
  assert.deepEqual([explicit.padInfo.top, explicit.padInfo.bottom, explicit.padInfo.left, explicit.padInfo.right], [2, 0, 0, 1]);
  assert.deepEqual([explicit.outHeight, explicit.outWidth], [6, 5]);
  const numeric = convGeometry([1, 5, 5, 1], [3, 3, 1, 1], attrs(1, 2, 'floor'));
  assert.deepEqual([numeric.outHeight, numeric.outWidth, numeric.padInfo.top, numeric.padInfo.left], [3, 3, 1, 1]);
});

test('channels-first data is refused (the wasm Conv2D only sees NHWC)', () => {
  assert.throws(() => convGeometry([1, 5, 5, 1], [3, 3, 1, 1], { ...attrs('valid'), dataFormat: 'NCHW' }),
    /wasm convolution gradients take NHWC data; received NCHW/);
});
