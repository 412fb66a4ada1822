import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../../src/errors.js';
import { hdf5Reason, nameListAttribute, stringAttribute, withH5 } from '../../../src/keras/read/h5-open.js';
import { buildH5, setStringAttribute, setStringListAttribute } from '../../../src/keras/write/h5-bytes.js';

test('hdf5Reason keeps the last minor reason of an HDF5 error stack', () => {
  const stack = 'HDF5-DIAG: Error\n  #000: H5F.c\n    major: File accessibility\n    minor: Unable to open file\n  #006\n    minor: Not an HDF5 file\n';
  assert.equal(hdf5Reason(new Error(stack)), 'Not an HDF5 file');
  assert.equal(hdf5Reason(new Error('plain\nmore')), 'plain');
});

test('withH5 reads attributes, including name lists Keras split into name0, name1, ...', async () => {
  const bytes = await buildH5((file) => {
    setStringAttribute(file, 'keras_version', '2.2.4');
    setStringListAttribute(file, 'layer_names0', ['a', 'bb']);
    setStringListAttribute(file, 'layer_names1', ['ccc']);
    setStringListAttribute(file, 'weight_names', []);
    file.create_attribute('numbers', new Float32Array([1, 2]), [2], '<f');
  });
  const read = await withH5(bytes, 'f.h5', 'test file', (root) => ({
    version: stringAttribute(root, 'keras_version'),
    absent: stringAttribute(root, 'backend'),
    layers: nameListAttribute(root, 'layer_names'),
    weights: nameListAttribute(root, 'weight_names'),
    numbers: nameListAttribute(root, 'numbers'),
    none: nameListAttribute(root, 'nothing'),
  }));
  assert.deepEqual(read, { version: '2.2.4', absent: undefined, layers: ['a', 'bb', 'ccc'], weights: [], numbers: 'bad', none: undefined });
});

test('withH5 turns HDF5 failures into one UserError and passes UserErrors through', async () => {
  await assert.rejects(withH5(new Uint8Array(64), 'x.h5', 'test file', () => 1), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.file, 'x.h5');
    assert.match(error.message, /the test file must be an HDF5 file as Keras writes it\. Received: Not an HDF5 file/);
    return true;
  });
  const bytes = await buildH5(() => undefined);
  const mine = new UserError('mine');
  await assert.rejects(withH5(bytes, 'y.h5', 'test file', () => { throw mine; }), (error: unknown) => error === mine);
});
