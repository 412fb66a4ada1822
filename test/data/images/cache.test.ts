import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ImageCache, cacheState } from '../../../src/data/images/cache.js';
import type { ImageEntry } from '../../../src/data/images/scan.js';
import { tempDir } from '../../helpers/cli.js';

const TARGET = { rows: 1, cols: 2, colorMode: 'grayscale' as const, interpolation: 'bilinear' as const };
const entry = (file: string, mtimeMs = 1): ImageEntry => ({ file, path: `/data/${file}`, size: 10, mtimeMs, label: 0 }) as ImageEntry;
const image = (a: number, colour = false) => ({ pixels: Uint8Array.from([a, a + 1]), colour });

test('the cache opens from its index alone, reads records on demand and rewrites itself from old records', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const home = join(dir, 'home');
  const empty = await ImageCache.open('/data', TARGET, 2, home);
  assert.equal(empty.has(entry('a.png')), false);
  assert.equal(empty.pixelFile, undefined);
  const first = [entry('a.png'), entry('b.png')];
  await empty.save(first, (i) => image(10 * (i + 1), i === 1));
  assert.deepEqual([...empty.pixelFile!.readAll()], [10, 11, 20, 21]);

  const cache = await ImageCache.open('/data', TARGET, 2, home);
  assert.equal(cache.matches(first), true);
  assert.equal(cache.colour(entry('b.png')), true);
  assert.equal(cache.has(entry('a.png', 2)), false, 'another modification time is another version');
  assert.deepEqual([...cache.get(entry('b.png'))!.pixels], [20, 21]);
  const oldFile = cache.pixelFile!.path;
  // b kept (copied from the old file), c new; a dropped.
  const second = [entry('b.png'), entry('c.png')];
  await cache.save(second, (i) => (i === 1 ? image(30) : undefined));
  assert.deepEqual([...cache.pixelFile!.readAll()], [20, 21, 30, 31]);
  assert.equal(existsSync(oldFile), false, 'the old pixel file is removed');
  assert.deepEqual(readdirSync(cache.dir).sort().length, 2, 'the index and one pixel file');
  assert.deepEqual(await cacheState('/data', TARGET, home), { dir: cache.dir, images: 2 });
  const reopened = await ImageCache.open('/data', TARGET, 2, home);
  assert.equal(reopened.colour(entry('b.png')), true);
  assert.equal(reopened.matches(second), true);

  // A pixel file of the wrong size makes the whole cache empty, not misread.
  writeFileSync(reopened.pixelFile!.path, Uint8Array.of(1, 2, 3));
  const damaged = await ImageCache.open('/data', TARGET, 2, home);
  assert.equal(damaged.has(entry('c.png')), false);
  await assert.rejects(empty.save([entry('z.png')], () => undefined), /image 0 of the decode cache is neither decoded nor cached/);
  assert.equal(readdirSync(empty.dir).filter((name) => name.startsWith('pixels-')).length, 1, 'the half-written pixel file is removed');
});
