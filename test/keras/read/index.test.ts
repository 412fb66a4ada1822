import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKerasModelFile, kerasBinaryKind, readHead, readKerasFile } from '../../../src/keras/read/index.js';
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

test('readKerasFile reads JSON; HDF5 and zip say they are not supported yet', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'model.json'), '{"class_name": "Sequential", "config": [], "keras_version": "1.2.2"}');
  writeFileSync(join(dir, 'model.weird'), Buffer.concat([HDF5, Buffer.alloc(8)]));
  writeFileSync(join(dir, 'model.keras'), 'PK\x03\x04...');
  assert.equal((await readKerasFile(join(dir, 'model.json'), 'model.json')).kerasVersion, '1.2.2');
  await assert.rejects(readKerasFile(join(dir, 'model.weird'), 'model.weird'), userError(/^model\.weird: is a Keras HDF5 file \(\.h5\); reading those is not supported yet/, 'KERAS_FORMAT_UNSUPPORTED'));
  await assert.rejects(readKerasFile(join(dir, 'model.keras'), 'model.keras'), userError(/is a zip .*not supported yet/));
  await assert.rejects(readKerasFile(join(dir, 'none.json'), 'none.json'), userError(/none\.json/));
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
