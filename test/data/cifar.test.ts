import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readCifarBatches } from '../../src/data/cifar.js';
import { loadDataset } from '../../src/data/load.js';
import { UserError } from '../../src/errors.js';
import { cifarBytes } from './fixtures.js';
import { tempDir } from '../helpers/cli.js';

test('readCifarBatches concatenates batches in order and keeps pixels channel-major', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'a.bin'), cifarBytes(3));
  writeFileSync(join(dir, 'b.bin'), cifarBytes(2, (r) => 9 - r));
  const records = await readCifarBatches([join(dir, 'a.bin'), join(dir, 'b.bin')]);
  assert.equal(records.count, 5);
  assert.deepEqual(Array.from(records.labels), [0, 1, 2, 9, 8]);
  // Record 1 of file a: channel 2 (blue), pixel 5 = (1*50 + 2*80 + 5) % 256.
  assert.equal(records.pixels[1 * 3072 + 2 * 1024 + 5], 215);
  // Record 0 of file b is the fourth overall.
  assert.equal(records.pixels[3 * 3072], 0);
});

test('readCifarBatches rejects a file whose length is not a multiple of 3073, naming the record', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'data_batch_1.bin');
  writeFileSync(path, cifarBytes(2).subarray(0, 3073 + 100));
  await assert.rejects(readCifarBatches([path]), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 2);
    assert.match(error.toLine(), /data_batch_1\.bin: record 1 \(byte 3073\): .*whole number of 3073-byte records.*Received: 3173 bytes \(1 records and 100 bytes left over\)/);
    return true;
  });
});

test('readCifarBatches rejects a label outside 0..9 with its record and byte', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'test_batch.bin');
  writeFileSync(path, cifarBytes(3, (r) => (r === 2 ? 42 : 1)));
  await assert.rejects(readCifarBatches([path]), /label must be 0\.\.9\. Received: 42/);
  await assert.rejects(readCifarBatches([path]), (error: UserError) => error.location === 'record 2 (byte 6146)');
});

test('loadDataset cifar10 from a directory lays images out for tf (NHWC) and th (NCHW)', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const inner = join(dir, 'cifar-10-batches-bin');
  (await import('node:fs')).mkdirSync(inner);
  for (let i = 1; i <= 5; i += 1) writeFileSync(join(inner, `data_batch_${i}.bin`), cifarBytes(2));
  writeFileSync(join(inner, 'test_batch.bin'), cifarBytes(3));
  // The folder above cifar-10-batches-bin is accepted too, as the archive unpacks.
  const tf = await loadDataset({ name: 'cifar10', path: dir, imageDimOrdering: 'tf', offline: true });
  const th = await loadDataset({ name: 'cifar10', path: inner, imageDimOrdering: 'th', offline: true, limit: 3 });
  assert.deepEqual(tf.imageShape, [32, 32, 3]);
  assert.deepEqual(th.imageShape, [3, 32, 32]);
  assert.equal(tf.train.count, 10);
  assert.equal(tf.test.count, 3);
  assert.equal(th.train.count, 3);
  assert.equal(tf.source, inner);
  // Sample 1, channel 2, pixel (row 0, col 5): raw value 215.
  const expected = Math.fround(215 / 255);
  assert.equal(tf.train.images[1 * 3072 + 5 * 3 + 2], expected);
  assert.equal(th.train.images[1 * 3072 + 2 * 1024 + 5], expected);
  assert.deepEqual(Array.from(tf.train.labels), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
});

test('readCifarBatches checks each path itself: a FIFO, a device or a folder is refused before any read', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'a.bin'), cifarBytes(1));
  execFileSync('mkfifo', [join(dir, 'pipe.bin')]);
  const cases: [string, RegExp][] = [
    [join(dir, 'pipe.bin'), /pipe\.bin: the CIFAR-10 batch file must be a regular file\. Received: a named pipe\.$/],
    ['/dev/zero', /^\/dev\/zero: the CIFAR-10 batch file must be a regular file\. Received: a character device\.$/],
    [dir, /: the CIFAR-10 batch file must be a regular file\. Received: a directory\.$/],
  ];
  for (const [path, pattern] of cases) {
    await assert.rejects(readCifarBatches([join(dir, 'a.bin'), path]), (error: unknown) => {
      assert.ok(error instanceof UserError && error.exitCode === 2, String(error));
      assert.match(error.toLine(), pattern);
      return true;
    });
  }
});
