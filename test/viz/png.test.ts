import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { UserError } from '../../src/errors.js';
import { encodePng, writePngAtomic } from '../../src/viz/png.js';
import { tempDir } from '../helpers/cli.js';

/** Colour type and bit depth from the IHDR chunk (bytes 24 and 25 of the file). */
function header(buffer: Buffer): { bitDepth: number; colorType: number } {
  return { bitDepth: buffer[24]!, colorType: buffer[25]! };
}

test('encodePng writes 8-bit grayscale that decodes to the same levels', () => {
  const pixels = Uint8Array.from([0, 1, 127, 128, 254, 255]);
  const buffer = encodePng({ width: 3, height: 2, channels: 1, pixels });
  assert.deepEqual(header(buffer), { bitDepth: 8, colorType: 0 });
  const decoded = PNG.sync.read(buffer);
  assert.deepEqual([decoded.width, decoded.height], [3, 2]);
  // pngjs decodes to RGBA; grey g becomes (g, g, g, 255).
  for (let i = 0; i < 6; i++) assert.deepEqual([...decoded.data.subarray(4 * i, 4 * i + 4)], [pixels[i], pixels[i], pixels[i], 255]);
});

test('encodePng writes 8-bit RGB (colour type 2) for 3-channel images', () => {
  const pixels = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
  const buffer = encodePng({ width: 2, height: 2, channels: 3, pixels });
  assert.deepEqual(header(buffer), { bitDepth: 8, colorType: 2 });
  const decoded = PNG.sync.read(buffer);
  assert.deepEqual([...decoded.data.subarray(12, 16)], [10, 20, 30, 255]);
  assert.throws(() => encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(3) }), /needs 12 bytes/);
});

test('writePngAtomic writes the file whole and leaves no temporary file', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'grid.png');
  await writePngAtomic(path, { width: 1, height: 1, channels: 1, pixels: Uint8Array.from([77]) });
  assert.equal(PNG.sync.read(readFileSync(path)).data[0], 77);
  assert.deepEqual(readdirSync(dir), ['grid.png']);
});

test('writePngAtomic refuses a missing directory or a directory as the output, exit 2', async () => {
  const { dir, remove } = tempDir();
  const image = { width: 1, height: 1, channels: 1 as const, pixels: new Uint8Array(1) };
  try {
    await assert.rejects(writePngAtomic(join(dir, 'nope', 'grid.png'), image), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.exitCode, 2);
      assert.match(error.toLine(), /^--out: its folder must exist\. Received: .*nope\/grid\.png/);
      return true;
    });
    await assert.rejects(writePngAtomic(dir, image), (error: unknown) => error instanceof UserError && /^--out: must be a file path\. Received: .*, a directory\./.test(error.toLine()));
  } finally {
    remove();
  }
});
