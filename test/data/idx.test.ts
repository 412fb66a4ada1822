import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
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

test('readIdx reads uncompressed and gzipped image files to the same shape and bytes', async () => {
  const { dir, remove } = tempDir();
  try {
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
  } finally {
    remove();
  }
});

test('readIdx decodes big-endian multi-byte element types', async () => {
  const { dir, remove } = tempDir();
  try {
    const data = Buffer.alloc(12);
    [1, -2, 70000].forEach((value, i) => data.writeInt32BE(value, 4 * i));
    writeFileSync(join(dir, 'ints'), idxBytes([3], data, 0x0c));
    const result = await readIdx(join(dir, 'ints'));
    assert.equal(result.dtype, 'int32');
    assert.deepEqual(Array.from(result.data), [1, -2, 70000]);
  } finally {
    remove();
  }
});

test('readIdx streams a large gzipped file across many chunks', async () => {
  const { dir, remove } = tempDir();
  try {
    // 3 MB of pixels: several 1 MB zlib chunks, and a header split from nothing.
    const pixels = imagePixels(1000, 56, 56);
    writeFileSync(join(dir, 'big.gz'), gzipSync(idxBytes([1000, 56, 56], pixels)));
    const result = await readIdx(join(dir, 'big.gz'));
    assert.deepEqual(result.shape, [1000, 56, 56]);
    assert.equal(result.data[pixels.length - 1], pixels[pixels.length - 1]);
    assert.equal(Buffer.compare(Buffer.from(result.data as Uint8Array), Buffer.from(pixels)), 0);
  } finally {
    remove();
  }
});

test('readIdx rejects a wrong magic number, naming the file and byte 0', async () => {
  const { dir, remove } = tempDir();
  try {
    const path = join(dir, 'bad');
    writeFileSync(path, Buffer.from([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 9]));
    await assert.rejects(readIdx(path), expectDataError(/bad: byte 0: the IDX magic number .* Received: 0x12340801\./));
  } finally {
    remove();
  }
});

test('readIdx rejects a truncated .gz with the offset reached and the size expected', async () => {
  const { dir, remove } = tempDir();
  try {
    const gz = gzipSync(idxBytes([50, 28, 28], imagePixels(50, 28, 28)));
    const path = join(dir, 'cut.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    await assert.rejects(readIdx(path), expectDataError(/cut\.gz: byte \d+ of the decompressed data: .*39216 bytes.*truncated/, /^byte \d+/));
  } finally {
    remove();
  }
});

test('readIdx rejects an uncompressed file shorter or longer than its header declares', async () => {
  const { dir, remove } = tempDir();
  try {
    const raw = idxBytes([4, 2, 2], imagePixels(4, 2, 2));
    writeFileSync(join(dir, 'short'), raw.subarray(0, raw.length - 3));
    writeFileSync(join(dir, 'long'), Buffer.concat([raw, Buffer.from([1])]));
    await assert.rejects(readIdx(join(dir, 'short')), expectDataError(/byte 16: .*must be 16 bytes\. Received: a file with 13 bytes/));
    await assert.rejects(readIdx(join(dir, 'long')), expectDataError(/Received: a file with 17 bytes/));
  } finally {
    remove();
  }
});

test('readIdx rejects a gzipped file with data past the declared size, and one ending inside the header', async () => {
  const { dir, remove } = tempDir();
  try {
    const raw = idxBytes([4, 2, 2], imagePixels(4, 2, 2));
    writeFileSync(join(dir, 'long.gz'), gzipSync(Buffer.concat([raw, Buffer.from([1, 2])])));
    writeFileSync(join(dir, 'stub.gz'), gzipSync(raw.subarray(0, 6)));
    await assert.rejects(readIdx(join(dir, 'long.gz')), expectDataError(/byte 32 of the decompressed data: .*must end here/));
    await assert.rejects(readIdx(join(dir, 'stub.gz')), expectDataError(/header of at least 8 bytes\. Received: 6 bytes/));
  } finally {
    remove();
  }
});
