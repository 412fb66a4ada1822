import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheState, ImageCache } from '../../../src/data/images/cache.js';
import type { ImageEntry } from '../../../src/data/images/scan.js';
import { tempDir } from '../../helpers/cli.js';

const TARGET = { rows: 2, cols: 2, colorMode: 'grayscale' as const, interpolation: 'bilinear' as const };
const entry = (file: string, size = 10, mtimeMs = 1000): ImageEntry => ({ file, path: `/data/${file}`, label: 0, size, mtimeMs });
const image = (value: number, colour = false) => ({ pixels: Uint8Array.from([value, value + 1, value + 2, value + 3]), colour });

test('the cache folder depends on the dataset folder and every decode option', () => {
  const base = ImageCache.dirFor('/data', TARGET, '/home');
  assert.match(base, /^\/home\/cache\/images\/[0-9a-f]{20}$/);
  assert.equal(ImageCache.dirFor('/data', { ...TARGET }, '/home'), base);
  for (const other of [ImageCache.dirFor('/other', TARGET, '/home'), ImageCache.dirFor('/data', { ...TARGET, rows: 3 }, '/home'), ImageCache.dirFor('/data', { ...TARGET, colorMode: 'rgb' }, '/home'), ImageCache.dirFor('/data', { ...TARGET, interpolation: 'nearest' }, '/home')]) {
    assert.notEqual(other, base);
  }
});

test('saved images are found again by file version only: another size or time is a miss', async (t) => {
  const { dir: home, remove } = tempDir();
  t.after(remove);
  const entries = [entry('a/1.png'), entry('b/2.png', 20, 2000)];
  const empty = await ImageCache.open('/data', TARGET, 4, home);
  assert.equal(empty.get(entries[0]!), undefined);
  assert.equal(empty.matches(entries), false);
  assert.equal(await cacheState('/data', TARGET, home), undefined);
  await empty.save(entries, [image(1), image(9, true)]);

  const cache = await ImageCache.open('/data', TARGET, 4, home);
  assert.deepEqual(cache.get(entries[1]!), image(9, true));
  assert.deepEqual(cache.get(entries[0]!), image(1));
  assert.equal(cache.get(entry('a/1.png', 11)), undefined, 'another size');
  assert.equal(cache.get(entry('a/1.png', 10, 1001)), undefined, 'another modification time');
  assert.equal(cache.matches(entries), true);
  assert.equal(cache.matches([entries[1]!, entries[0]!]), false, 'order matters: the pixels are stored in it');
  assert.deepEqual(await cacheState('/data', TARGET, home), { dir: cache.dir, images: 2 });
});

test('a new save replaces the pixel file; a damaged or differently sized cache reads as empty', async (t) => {
  const { dir: home, remove } = tempDir();
  t.after(remove);
  const first = await ImageCache.open('/data', TARGET, 4, home);
  await first.save([entry('x.png')], [image(1)]);
  const second = await ImageCache.open('/data', TARGET, 4, home);
  await second.save([entry('x.png'), entry('y.png')], [image(1), image(5)]);
  assert.equal(readdirSync(second.dir).filter((name) => name.startsWith('pixels-')).length, 1, 'the old pixel file is removed');
  assert.equal((await ImageCache.open('/data', TARGET, 9, home)).get(entry('x.png')), undefined, 'image size changed');
  const index = join(second.dir, 'index.json');
  const pixels = JSON.parse(readFileSync(index, 'utf8')).pixels as string;
  writeFileSync(join(second.dir, pixels), Buffer.alloc(3));
  assert.equal((await ImageCache.open('/data', TARGET, 4, home)).get(entry('x.png')), undefined, 'a short pixel file');
  writeFileSync(index, '{"version": 1, "pix');
  assert.equal((await ImageCache.open('/data', TARGET, 4, home)).get(entry('x.png')), undefined, 'a torn index');
});
