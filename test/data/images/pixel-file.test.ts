import assert from 'node:assert/strict';
import { existsSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PixelFile, SpillFile } from '../../../src/data/images/pixel-file.js';
import { tempDir } from '../../helpers/cli.js';

test('a pixel file opens only at its exact size and reads records with positioned reads', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'pixels.bin');
  writeFileSync(path, Uint8Array.from({ length: 12 }, (_, i) => i));
  assert.equal(PixelFile.open(path, 4, 4), undefined, 'a file one record short is no cache');
  assert.equal(PixelFile.open(join(dir, 'missing.bin'), 4, 3), undefined);
  const file = PixelFile.open(path, 4, 3)!;
  t.after(() => file.close());
  const two = new Uint8Array(10);
  file.readRecords(1, 2, two, 2);
  assert.deepEqual([...two], [0, 0, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual([...file.readAll()], [...Array(12).keys()]);
  assert.throws(() => file.readRecords(2, 2, new Uint8Array(8)), /records 2\.\.3 are outside the 3 of .*pixels\.bin/);
  // Cut while in use (another program, a full disk): the read says so instead of returning zeros.
  truncateSync(path, 6);
  assert.throws(() => file.readRecords(1, 2, new Uint8Array(8)), /ended at byte 6: it was truncated while in use/);
  file.close();
  file.close();
});

test('a spill file parks images in fixed slots and leaves no file behind', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const spill = new SpillFile(join(dir, 'decoding.tmp'), 3);
  assert.equal(existsSync(join(dir, 'decoding.tmp')), false, 'unlinked as soon as it is open');
  spill.write(1, Uint8Array.of(4, 5, 6));
  spill.write(0, Uint8Array.of(1, 2, 3));
  assert.deepEqual([...spill.read(1)], [4, 5, 6]);
  assert.deepEqual([...spill.read(0)], [1, 2, 3]);
  assert.throws(() => spill.read(2), /slot 2 of the decode spill file .*decoding\.tmp was never written/);
  spill.close();
  spill.close();
});

test('another thread reopens the file through its own descriptor, readable after the name is gone', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'pixels.bin');
  writeFileSync(path, Uint8Array.of(1, 2, 3, 4));
  const owner = PixelFile.open(path, 2, 2)!;
  // A newer cache removes the old pixel file; a reader that opened it keeps reading it.
  rmSync(path);
  const other = PixelFile.reopen(owner);
  t.after(() => other.close());
  assert.deepEqual([...other.readAll()], [1, 2, 3, 4]);
  other.close();
  assert.deepEqual([...owner.readAll()], [1, 2, 3, 4], "closing the reopened file leaves the owner's open");
  owner.close();
});
