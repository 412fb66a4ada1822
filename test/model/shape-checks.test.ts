import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLayerInput, formatShape, inferLayer } from '../../src/model/shape-checks.js';
import { layerSchema } from '../../src/spec/layers.js';
import { userError } from '../helpers/user-error.js';

const layer = (raw: unknown) => layerSchema.parse(raw);

test('inferLayer gives the output shape and weight count from the registry, without tfjs', () => {
  const conv = layer({ class_name: 'Conv2D', config: { filters: 4, kernel_size: 3 } });
  assert.deepEqual(inferLayer(conv, [null, 10, 10, 2], 'channels_last', { index: 0, name: 'c' }), { input: [null, 10, 10, 2], output: [null, 8, 8, 4], params: 76 });
  assert.deepEqual(inferLayer(conv, [null, 2, 10, 10], 'channels_first', { index: 0, name: 'c' }).output, [null, 4, 8, 8]);
  const dense = layer({ class_name: 'Dense', config: { units: 5 } });
  assert.deepEqual(inferLayer(dense, [null, 7], 'channels_last', { index: 1, name: 'd' }), { input: [null, 7], output: [null, 5], params: 40 });
});

test('a layer that cannot take its input is one line naming the layer, its class, the shapes and a fix', () => {
  const dense = layer({ class_name: 'Dense', config: { units: 5 } });
  assert.throws(
    () => checkLayerInput(dense, [null, 4, 4, 3], 'channels_last', { index: 2, name: 'dense_1', file: 'spec.json' }),
    userError(/^spec\.json: model\.layers\[2\] \(dense_1, Dense\): needs a 2-D input \(batch, features\)\. Received: input shape \(None, 4, 4, 3\)\. Add a Flatten layer before it\.$/, 'SPEC_SHAPE'),
  );
  const pool = layer({ class_name: 'MaxPooling2D', config: { pool_size: 3 } });
  assert.throws(() => inferLayer(pool, [null, 2, 2, 1], 'channels_last', { index: 0, name: 'p' }), userError(/model\.layers\[0\] \(p, MaxPooling2D\): pool_size \(3, 3\) must fit/));
  assert.equal(checkLayerInput(pool, [null, 3, 3, 1], 'channels_last', { index: 0, name: 'p' }), undefined);
});

test('formatShape is re-exported for the model layer (Keras printing)', () => {
  assert.equal(formatShape([null, 26, 26, 32]), '(None, 26, 26, 32)');
});
