import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKerasModelFile, kerasBinaryKind, kerasBinaryName, readHead, readKerasFile } from '../../../src/keras/read/index.js';
import { buildH5, setStringListAttribute, writeFloat32Dataset } from '../../../src/keras/write/h5-bytes.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';

const HDF5 = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

test('the format is told by the first bytes, not the name', async (t) => {
  assert.equal(kerasBinaryKind(HDF5), 'hdf5');
  assert.equal(kerasBinaryKind(Buffer.from('PK\x03\x04', 'latin1')), 'zip');
  assert.equal(kerasBinaryKind(HDF5.subarray(0, 7)), undefined);
  assert.equal(kerasBinaryKind(Buffer.from('{"class_name"')), undefined);
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'short'), 'ab');
  assert.deepEqual(Array.from(await readHead(join(dir, 'short'))), [0x61, 0x62]);
});

test('readKerasFile reads JSON, and HDF5 and zip by their signature whatever the name', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'model.json'), '{"class_name": "Sequential", "config": [], "keras_version": "1.2.2"}');
  writeFileSync(join(dir, 'model.weird'), Buffer.concat([HDF5, Buffer.alloc(8)]));
  writeFileSync(join(dir, 'model.keras'), 'PK\x03\x04...');
  assert.equal((await readKerasFile(join(dir, 'model.json'), 'model.json')).kerasVersion, '1.2.2');
  await assert.rejects(readKerasFile(join(dir, 'model.weird'), 'model.weird'), userError(/^model\.weird: the Keras HDF5 file must be an HDF5 file as Keras writes it/, 'KERAS_H5_INVALID'));
  await assert.rejects(readKerasFile(join(dir, 'model.keras'), 'model.keras'), userError(/^model\.keras: the Keras \.keras archive must be a zip archive/, 'KERAS_ARCHIVE_INVALID'));
  await assert.rejects(readKerasFile(join(dir, 'none.json'), 'none.json'), userError(/none\.json/));
});

test('readKerasFile with weights: a weights-only HDF5 converted by the JSON config; weights-only input refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const json = join(dir, 'model.json');
  writeFileSync(json, JSON.stringify({ class_name: 'Sequential', config: [{ class_name: 'Convolution2D', config: { name: 'conv', nb_filter: 1, nb_row: 1, nb_col: 2, dim_ordering: 'th', batch_input_shape: [null, 1, 2, 2] } }] }));
  const weights = join(dir, 'w.h5');
  writeFileSync(weights, await buildH5((file) => {
    setStringListAttribute(file, 'layer_names', ['conv']);
    const conv = file.create_group('conv');
    setStringListAttribute(conv, 'weight_names', ['conv_W', 'conv_b']);
    writeFloat32Dataset(conv, 'conv_W', [1, 1, 1, 2], Float32Array.from([3, 4]));
    writeFloat32Dataset(conv, 'conv_b', [1], Float32Array.from([9]));
  }));
  const model = await readKerasFile(json, 'model.json', { path: weights, label: 'w.h5' });
  assert.deepEqual(model.weights!.map((w) => w.shape), [[1, 2, 1, 1], [1]], 'Keras 1 th kernel (1, 1, 1, 2) -> (1, 2, 1, 1)');
  await assert.rejects(readKerasFile(weights, 'w.h5', { path: weights }), userError(/^w\.h5: holds weights only, so --weights has no model/));
  await assert.rejects(readKerasFile(json, 'model.json', { path: json, label: 'model.json' }), userError(/^model\.json: the Keras HDF5 file must be an HDF5 file/));
});

test('isKerasModelFile: Keras JSON and signatures yes; a tfjs model.json, a folder or nothing no', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'k.json'), '{"class_name": "Model", "config": {}}');
  writeFileSync(join(dir, 'm.h5'), HDF5);
  writeFileSync(join(dir, 'tfjs.json'), '{"modelTopology": {}}');
  writeFileSync(join(dir, 'cut.json'), '{"class_name": ');
  mkdirSync(join(dir, 'folder'));
  assert.equal(await isKerasModelFile(join(dir, 'k.json')), true);
  assert.equal(await isKerasModelFile(join(dir, 'm.h5')), true);
  for (const name of ['tfjs.json', 'cut.json', 'folder', 'missing']) assert.equal(await isKerasModelFile(join(dir, name)), false, name);
});

test('a file named .h5 or .keras whose bytes are not that format says so, with its first bytes', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'text.h5'), 'hello world');
  writeFileSync(join(dir, 'empty.keras'), '');
  await assert.rejects(readKerasFile(join(dir, 'text.h5'), 'text.h5'), userError(/^text\.h5: is named as a Keras HDF5 file, so it must start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a\. Received: first bytes 68 65 6c 6c 6f 20 77 6f\.$/, 'KERAS_H5_INVALID'));
  await assert.rejects(readKerasFile(join(dir, 'empty.keras'), 'empty.keras'), userError(/^empty\.keras: is named as a Keras \.keras archive \(a zip\), so it must start with 50 4b 03 04\. Received: first bytes none, it is empty\.$/, 'KERAS_ARCHIVE_INVALID'));
  assert.equal(kerasBinaryName('M.HDF5'), 'hdf5');
  assert.equal(kerasBinaryName('model.json'), undefined);
});
