import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import tf from '../../src/util/tfjs.cjs';
import { PNG } from 'pngjs';
import { UserError } from '../../src/errors.js';
import { readImageForModel } from '../../src/data/image-file.js';
import { MAX_IMAGE_PIXELS } from '../../src/util/limits.js';
import { tempDir } from '../helpers/cli.js';

before(async () => {
  await tf.setBackend('cpu');
});

function userError(pattern: RegExp, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.equal(error.code, code);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

/** A small real PNG whose IHDR is rewritten to claim `width` x `height`, with a valid CRC. */
function lyingPng(width: number, height: number): Buffer {
  const png = PNG.sync.write(Object.assign(new PNG({ width: 8, height: 8 }), { data: Buffer.alloc(8 * 8 * 4, 255) }));
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

test('a PNG whose header claims more than MAX_IMAGE_PIXELS is refused before decoding', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'huge.png');
  writeFileSync(path, lyingPng(20000, 20000));
  const rss = process.memoryUsage().rss;
  const started = Date.now();
  await assert.rejects(
    readImageForModel(path, [28, 28, 1], 'tf'),
    userError(/huge\.png: must have at most 67,108,864 pixels\. Received: a header claiming 20000 x 20000 = 400,000,000\./, 'IMAGE_TOO_LARGE'),
  );
  assert.ok(Date.now() - started < 2000, 'refused at once');
  assert.ok(process.memoryUsage().rss - rss < 100 * 1024 * 1024, 'nothing large was allocated');
  // One pixel row and column past the limit's square is refused too.
  const side = Math.floor(Math.sqrt(MAX_IMAGE_PIXELS));
  writeFileSync(path, lyingPng(side + 1, side + 1));
  await assert.rejects(readImageForModel(path, [28, 28, 1], 'tf'), userError(/Received: a header claiming 8193 x 8193/, 'IMAGE_TOO_LARGE'));
});

test('only regular PNG or JPEG files are read: devices, directories and other files are one line', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'note.png'), 'not a picture');
  await assert.rejects(readImageForModel('/dev/zero', [28, 28, 1], 'tf'), userError(/^\/dev\/zero: must be a readable PNG or JPEG image\. Received: a character device\.$/, 'BAD_IMAGE'));
  await assert.rejects(readImageForModel(dir, [28, 28, 1], 'tf'), userError(/must be a readable PNG or JPEG image\. Received: a folder\.$/, 'BAD_IMAGE'));
  await assert.rejects(readImageForModel(join(dir, 'none.png'), [28, 28, 1], 'tf'), userError(/none\.png: must be a readable PNG or JPEG image\. Received: no such file\.$/, 'BAD_IMAGE'));
  await assert.rejects(readImageForModel(join(dir, 'note.png'), [28, 28, 1], 'tf'), userError(/note\.png: must be a readable PNG or JPEG image\. Received: .+\.$/, 'BAD_IMAGE'));
});

test('a small PNG becomes a [1, rows, cols, channels] tensor scaled to [0, 1]', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'white.png');
  writeFileSync(path, PNG.sync.write(Object.assign(new PNG({ width: 8, height: 8 }), { data: Buffer.alloc(8 * 8 * 4, 255) })));
  const image = await readImageForModel(path, [4, 4, 1], 'tf');
  assert.deepEqual(image.shape, [1, 4, 4, 1]);
  assert.ok(Array.from(image.dataSync()).every((v) => Math.abs(v - 1) < 1e-6));
  image.dispose();
});
