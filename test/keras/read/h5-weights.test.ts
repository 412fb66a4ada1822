import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../../src/errors.js';
import { withH5 } from '../../../src/keras/read/h5-open.js';
import { readWeightGroup } from '../../../src/keras/read/h5-weights.js';
import { buildH5, setStringAttribute, setStringListAttribute } from '../../../src/keras/write/h5-bytes.js';

test('readWeightGroup walks layer_names and weight_names, reads float64 as float32, skips layers without weights', async () => {
  const bytes = await buildH5((file) => {
    setStringAttribute(file, 'keras_version', '2.0.6');
    setStringAttribute(file, 'backend', 'theano');
    setStringListAttribute(file, 'layer_names', ['d', 'drop']);
    const d = file.create_group('d');
    setStringListAttribute(d, 'weight_names', ['d/kernel:0']);
    d.create_group('d').create_dataset({ name: 'kernel:0', data: new Float64Array([0.5, 1.5]), shape: [1, 2], dtype: '<d' });
    setStringListAttribute(file.create_group('drop'), 'weight_names', []);
  });
  const group = await withH5(bytes, 'w.h5', 'test file', (root) => readWeightGroup(root, 'w.h5'));
  assert.equal(group.kerasVersion, '2.0.6');
  assert.equal(group.backend, 'theano');
  assert.deepEqual(group.layers, [{ layer: 'd', weights: [{ layer: 'd', name: 'd/kernel:0', shape: [1, 2], values: new Float32Array([0.5, 1.5]) }] }]);
});

test('a group without keras_version is Keras 1; integer weights and a missing layer group are UserErrors', async () => {
  const ints = await buildH5((file) => {
    setStringListAttribute(file, 'layer_names', ['d']);
    const d = file.create_group('d');
    setStringListAttribute(d, 'weight_names', ['w']);
    d.create_dataset({ name: 'w', data: new Int32Array([1, 2]), shape: [2], dtype: '<i' });
  });
  await assert.rejects(withH5(ints, 'i.h5', 'test file', (root) => readWeightGroup(root, 'i.h5')), (error: unknown) =>
    error instanceof UserError && error.location === '/d/w' && /must be a float32 or float64 dataset/.test(error.message));
  const noGroup = await buildH5((file) => setStringListAttribute(file, 'layer_names', ['gone']));
  await assert.rejects(withH5(noGroup, 'g.h5', 'test file', (root) => readWeightGroup(root, 'g.h5')), (error: unknown) =>
    error instanceof UserError && /a group 'gone' for each name in its layer_names/.test(error.message));
  const empty = await buildH5((file) => setStringListAttribute(file, 'layer_names', []));
  assert.deepEqual(await withH5(empty, 'e.h5', 'test file', (root) => readWeightGroup(root, 'e.h5')), { kerasVersion: '1', backend: undefined, layers: [] });
});
