import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { buildH5, setStringAttribute, setStringListAttribute, writeFloat32Dataset } from '../../../src/keras/write/h5-bytes.js';
import { tempDir } from '../../helpers/cli.js';

/** Opens HDF5 bytes with h5wasm's own reader. */
async function reopen(bytes: Uint8Array, dir: string) {
  await h5wasm.ready;
  const path = join(dir, 'read.h5');
  writeFileSync(path, bytes);
  return new h5wasm.File(path, 'r');
}

test('attributes, string lists and nested float32 datasets read back as written', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const bytes = await buildH5((file) => {
    setStringAttribute(file, 'keras_version', '2.2.4');
    const group = file.create_group('g');
    setStringListAttribute(group, 'names', ['a', 'longer']);
    setStringListAttribute(group, 'none', []);
    writeFloat32Dataset(group, 'x/y/w:0', [2, 3], Float32Array.from([1, 2, 3, 4, 5, 6.5]));
    writeFloat32Dataset(group, 'x/v:0', [1], Float32Array.from([7]));
  });
  assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0x89, 0x48, 0x44, 0x46], 'the HDF5 signature');
  const file = await reopen(bytes, dir);
  try {
    assert.equal(file.attrs['keras_version']!.value, '2.2.4');
    const group = file.get('g') as ReturnType<typeof file.create_group>;
    assert.deepEqual(group.attrs['names']!.value, ['a', 'longer']);
    assert.equal(group.attrs['names']!.metadata.size, 6, 'fixed width: the longest name');
    assert.deepEqual(Array.from(group.attrs['none']!.value as Float64Array), [], 'an empty list is an empty float64 array, as numpy makes it');
    assert.equal(group.attrs['none']!.metadata.type, 1, 'float class');
    const w = file.get('g/x/y/w:0') as unknown as { shape: number[]; value: Float32Array; dtype: string };
    assert.deepEqual(w.shape, [2, 3]);
    assert.deepEqual(Array.from(w.value), [1, 2, 3, 4, 5, 6.5]);
    assert.equal(w.dtype, '<f');
    assert.deepEqual((group.get('x') as ReturnType<typeof file.create_group>).keys().sort(), ['v:0', 'y'], 'the second path reused group x');
  } finally {
    file.close();
  }
});

test('an error while filling the file is passed on', async () => {
  await assert.rejects(
    buildH5(() => {
      throw new Error('fill failed');
    }),
    /fill failed/,
  );
});
