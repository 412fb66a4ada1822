import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { channelsFor, decodeImage, mapLimit } from '../../../src/data/images/decode.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { encodeImage } from '../../helpers/shapes.js';

const line = (pattern: RegExp) => (error: unknown) => error instanceof UserError && error.exitCode === 2 && pattern.test(error.toLine());

test('decoding resizes bilinearly to image_size and converts grey to RGB and back', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  // 8x8, left half black, right half white. libvips's linear kernel averages over the pixels a
  // shrink covers (antialiased, unlike tf.image.resize), so the edge softens but the ends stay.
  const halves = Buffer.alloc(8 * 8 * 3);
  for (let p = 0; p < 64; p++) halves.fill(p % 8 >= 4 ? 255 : 0, p * 3, p * 3 + 3);
  writeFileSync(join(dir, 'halves.png'), await encodeImage(halves, 8, 'png', false));
  const grey = await decodeImage(join(dir, 'halves.png'), { rows: 4, cols: 4, colorMode: 'grayscale', interpolation: 'bilinear' });
  const row = [...grey.pixels.subarray(0, 4)];
  assert.deepEqual([row[0], row[3]], [0, 255]);
  assert.ok(row[1]! < 128 && row[2]! > 128 && row[1]! + row[2]! === 255, `a symmetric edge: ${row}`);
  assert.equal(grey.colour, false);
  const rgb = await decodeImage(join(dir, 'halves.png'), { rows: 2, cols: 3, colorMode: 'rgb', interpolation: 'bilinear' });
  assert.equal(rgb.pixels.length, 2 * 3 * 3);
  assert.deepEqual([...rgb.pixels.subarray(0, 3)], [0, 0, 0]);
  assert.deepEqual([...rgb.pixels.subarray(6, 9)], [255, 255, 255]);
});

/** A PNG whose header claims `width x height` pixels, with no pixel data behind it. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // 8 bits per sample
  ihdr[9] = 0; // grey
  // One row's worth of compressed data: enough for a well-formed file, far too little for its size.
  const idat = deflateSync(Buffer.alloc(width + 1));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

test('an image over the pixel limit is refused from its header; a folder or FIFO is not read as an image', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const target = { rows: 8, cols: 8, colorMode: 'grayscale' as const, interpolation: 'bilinear' as const };
  writeFileSync(join(dir, 'bomb.png'), pngHeaderOnly(30000, 30000));
  const started = performance.now();
  await assert.rejects(decodeImage(join(dir, 'bomb.png'), target), line(/bomb\.png: must have at most 67,108,864 pixels\. Received: a header claiming 30000 x 30000 = 900,000,000\./));
  assert.ok(performance.now() - started < 2000, 'refused without decoding 900 megapixels');
  await assert.rejects(decodeImage(dir, target), line(/must be a readable PNG or JPEG image\. Received: a folder\./));
  execFileSync('mkfifo', [join(dir, 'pipe.png')]);
  await assert.rejects(decodeImage(join(dir, 'pipe.png'), target), line(/pipe\.png: must be a readable PNG or JPEG image\. Received: a named pipe\./));
});

test('a file that is not an image, or a missing one, is one line naming the file', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const target = { rows: 4, cols: 4, colorMode: 'rgb' as const, interpolation: 'nearest' as const };
  writeFileSync(join(dir, 'notes.png'), 'not a png at all');
  await assert.rejects(decodeImage(join(dir, 'notes.png'), target, 'Fix it.'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.toLine(), /notes\.png: must be a readable PNG or JPEG image\. Received: .+\. Fix it\.$/);
    assert.ok(!error.toLine().includes('\n'));
    return true;
  });
  await assert.rejects(decodeImage(join(dir, 'gone.png'), target), line(/gone\.png: must be a readable PNG or JPEG image\. Received: no such file\./));
});

test('channels per colour mode; mapLimit keeps order and never runs more than its limit at once', async () => {
  assert.equal(channelsFor('rgb'), 3);
  assert.equal(channelsFor('grayscale'), 1);
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3], 2, async (value, index) => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, value * 3));
    running -= 1;
    return value * 10 + index;
  });
  assert.deepEqual(out, [50, 11, 42, 23, 34]);
  assert.equal(peak, 2);
  assert.deepEqual(await mapLimit([], 4, async () => 1), []);
});
