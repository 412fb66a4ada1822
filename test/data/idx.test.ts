import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readIdx } from '../../src/data/idx.js';
import { UserError } from '../../src/errors.js';
import { idxBytes, imagePixels } from './fixtures.js';
import { tempDir } from '../helpers/cli.js';

function expectDataError(pattern: RegExp, location?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.match(error.toLine(), pattern);
    if (location) assert.match(error.location ?? '', location);
    return true;
  };
}

test('readIdx reads uncompressed and gzipped image files to the same shape and bytes', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const pixels = imagePixels(6, 5, 4);
  const raw = idxBytes([6, 5, 4], pixels);
  writeFileSync(join(dir, 'images'), raw);
  // Not named .gz on purpose: the reader recognises gzip by its magic bytes.
  writeFileSync(join(dir, 'images.bin'), gzipSync(raw));
  for (const name of ['images', 'images.bin']) {
    const result = await readIdx(join(dir, name));
    assert.equal(result.dtype, 'uint8');
    assert.deepEqual(result.shape, [6, 5, 4]);
    assert.deepEqual(Array.from(result.data), Array.from(pixels));
  }
});

test('readIdx decodes big-endian multi-byte element types', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = Buffer.alloc(12);
  [1, -2, 70000].forEach((value, i) => data.writeInt32BE(value, 4 * i));
  writeFileSync(join(dir, 'ints'), idxBytes([3], data, 0x0c));
  const result = await readIdx(join(dir, 'ints'));
  assert.equal(result.dtype, 'int32');
  assert.deepEqual(Array.from(result.data), [1, -2, 70000]);
});

test('readIdx streams a large gzipped file across many chunks', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  // 3 MB of pixels: several 1 MB zlib chunks, and a header split from nothing.
  const pixels = imagePixels(1000, 56, 56);
  writeFileSync(join(dir, 'big.gz'), gzipSync(idxBytes([1000, 56, 56], pixels)));
  const result = await readIdx(join(dir, 'big.gz'));
  assert.deepEqual(result.shape, [1000, 56, 56]);
  assert.equal(result.data[pixels.length - 1], pixels[pixels.length - 1]);
  assert.equal(Buffer.compare(Buffer.from(result.data as Uint8Array), Buffer.from(pixels)), 0);
});

const fourSmallImages = idxBytes([4, 2, 2], imagePixels(4, 2, 2));
const truncatedGz = gzipSync(idxBytes([50, 28, 28], imagePixels(50, 28, 28)));

/** Files readIdx must refuse: name, bytes, and the message (and location) it must give. */
const rejections: Array<[string, Uint8Array, RegExp, RegExp?]> = [
  ['bad', Buffer.from([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 9]), /bad: byte 0: the IDX magic number .* Received: 0x12340801\./],
  ['cut.gz', truncatedGz.subarray(0, Math.floor(truncatedGz.length / 2)), /cut\.gz: byte \d+ of the decompressed data: .*39216 bytes.*truncated/, /^byte \d+/],
  ['short', fourSmallImages.subarray(0, fourSmallImages.length - 3), /byte 16: .*must be 16 bytes\. Received: a file with 13 bytes/],
  ['long', Buffer.concat([fourSmallImages, Buffer.from([1])]), /Received: a file with 17 bytes/],
  ['long.gz', gzipSync(Buffer.concat([fourSmallImages, Buffer.from([1, 2])])), /byte 32 of the decompressed data: .*must end here/],
  ['stub.gz', gzipSync(fourSmallImages.subarray(0, 6)), /header of at least 8 bytes\. Received: 6 bytes/],
];

test('readIdx rejects a wrong magic number, a truncated .gz, files shorter or longer than declared, and a short header', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const [name, bytes, pattern, location] of rejections) {
    writeFileSync(join(dir, name), bytes);
    await assert.rejects(readIdx(join(dir, name)), expectDataError(pattern, location), name);
  }
});

test('readIdx checks the path itself: a FIFO, a device, a folder or /proc is refused without blocking or reading', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  // No writer ever opens this FIFO: the old gzip sniff blocked in open() for ever.
  execFileSync('mkfifo', [join(dir, 'pipe.gz')]);
  const cases: [string, RegExp][] = [
    [join(dir, 'pipe.gz'), /pipe\.gz: the IDX file must be a regular file\. Received: a named pipe\.$/],
    ['/dev/zero', /^\/dev\/zero: the IDX file must be a regular file\. Received: a character device\.$/],
    [dir, /: the IDX file must be a regular file\. Received: a directory\.$/],
    ['/proc/self/mem', /^\/proc\/self\/mem: the IDX file must be a file on a disk\. Received: a file of the proc pseudo file system\.$/],
    [join(dir, 'none'), /none: the IDX file must be a readable file\. Received: no such file\.$/],
  ];
  for (const [path, pattern] of cases) await assert.rejects(readIdx(path), expectDataError(pattern), path);
});
