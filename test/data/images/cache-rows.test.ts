import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readdirSync, writeFileSync } from 'node:fs';
import { ImageCache } from '../../../src/data/images/cache.js';
import { CacheRows } from '../../../src/data/images/cache-rows.js';
import { decodeFolders, loadDirectory } from '../../../src/data/images/directory.js';
import { splitValidation } from '../../../src/data/preprocess.js';
import { gatherRows } from '../../../src/train/batches.js';
import { tempDir } from '../../helpers/cli.js';
import { drawShape, encodeImage, writeShapeDataset } from '../../helpers/shapes.js';

test('a split over the in-memory limit is streamed from the cache and reads the same floats as the held split', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'data'), { perClass: 7, colour: true });
  await writeShapeDataset(join(dir, 'test'), { perClass: 2, colour: true, seed: 9 });
  const home = join(dir, 'home');
  const options = { path: join(dir, 'data'), test_path: join(dir, 'test'), image_size: [6, 5] as [number, number], color_mode: 'rgb' as const, seed: 2 };
  for (const ordering of ['tf', 'th'] as const) {
    const held = await loadDirectory(options, ordering, { home, maxInMemoryBytes: 1e9 });
    // 21 images of 6x5x3 bytes = 1,890 bytes: a 1,000-byte limit streams the training split, not the test split (540 bytes).
    const streamed = await loadDirectory(options, ordering, { home, maxInMemoryBytes: 1000 });
    assert.equal(held.train.streamed, undefined);
    assert.equal(streamed.train.streamed?.streamed, true);
    assert.equal(streamed.train.images.length, 0, 'a streamed split holds no images');
    assert.equal(streamed.test.streamed, undefined);
    assert.deepEqual(streamed.train.labels, held.train.labels);
    const rowSize = 6 * 5 * 3;
    // A shuffled batch with a run of consecutive records, a repeat and the last row.
    const indices = [20, 3, 4, 5, 0, 3, 11];
    assert.deepEqual(gatherRows(streamed.train.streamed!, rowSize, indices), gatherRows(held.train.images, rowSize, indices), `${ordering}: same rows in batch order`);
    const all = Array.from({ length: 21 }, (_, i) => 20 - i);
    assert.deepEqual(gatherRows(streamed.train.streamed!, rowSize, all), gatherRows(held.train.images, rowSize, all));
    // validation_split slices the streamed rows as it slices held ones.
    const a = splitValidation(held.train, 0.25);
    const b = splitValidation(streamed.train, 0.25);
    assert.equal(b.validation.count, 6);
    assert.deepEqual(gatherRows(b.validation.streamed!, rowSize, [5, 0]), gatherRows(a.validation.images, rowSize, [5, 0]));
    assert.throws(() => b.validation.streamed!.read([6], new Float32Array(rowSize)), /row 6 is outside the split's 6 rows/);
  }
  const limited = await loadDirectory(options, 'tf', { home, maxInMemoryBytes: 1000, limit: 5 });
  assert.equal(limited.train.streamed, undefined, 'the limit is on the split as trained: 5 images fit');
});

test('a first decode of a streamed tree holds no pixels and writes the same cache as a held one', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'data'), { perClass: 5, colour: true });
  const target = { rows: 8, cols: 8, colorMode: 'rgb' as const, interpolation: 'bilinear' as const };
  const held = await decodeFolders(join(dir, 'data'), target, { home: join(dir, 'home-held') });
  const streamed = await decodeFolders(join(dir, 'data'), target, { home: join(dir, 'home-streamed'), hold: () => false });
  assert.equal(streamed.pixels, undefined);
  assert.deepEqual([streamed.stats.decoded, streamed.stats.cached], [15, 0]);
  assert.equal(held.file, undefined, 'a held tree gives its file back');
  assert.deepEqual(streamed.file!.readAll(), held.pixels);
  const cacheDir = ImageCache.dirFor(join(dir, 'data'), target, join(dir, 'home-streamed'));
  assert.deepEqual(readdirSync(cacheDir).filter((name) => !name.startsWith('pixels-')), ['index.json'], 'no spill file is left');
  // The second streamed load decodes nothing and reads no pixels until a batch asks.
  const again = await decodeFolders(join(dir, 'data'), target, { home: join(dir, 'home-streamed'), hold: () => false });
  assert.deepEqual([again.stats.decoded, again.stats.cached], [0, 15]);
  assert.deepEqual(again.file!.readAll(), held.pixels);
});

test('a streamed tree with skip_bad_images skips the bad file and streams the rest in the held order', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = join(dir, 'data');
  await writeShapeDataset(data, { perClass: 3 });
  const jpeg = await encodeImage(drawShape('circle', 40, Math.random, false), 40, 'jpg', false);
  writeFileSync(join(data, 'circle', 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  const options = { path: data, image_size: [8, 8] as [number, number], skip_bad_images: true, seed: 4 };
  const logs: string[] = [];
  const streamed = await loadDirectory(options, 'tf', { home: join(dir, 'a'), maxInMemoryBytes: 0, log: (l) => logs.push(l) });
  const held = await loadDirectory(options, 'tf', { home: join(dir, 'b'), log: () => {} });
  assert.match(logs.join('\n'), /Skipped 1 unreadable image \(skip_bad_images\)/);
  assert.equal(streamed.train.count, 9);
  assert.ok(streamed.train.streamed);
  const all = Array.from({ length: 9 }, (_, i) => i);
  assert.deepEqual(gatherRows(streamed.train.streamed, 64, all), gatherRows(held.train.images, 64, all));
});

test('a streamed split described as plain data reads the same rows through another descriptor', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'data'), { perClass: 4, colour: true });
  const loaded = await loadDirectory({ path: join(dir, 'data'), image_size: [5, 4], color_mode: 'rgb', seed: 6 }, 'th', { home: join(dir, 'home'), maxInMemoryBytes: 0 });
  const rows = loaded.train.streamed as CacheRows;
  const tail = rows.slice(4, 12);
  const spec = structuredClone(tail.describe());
  const copy = CacheRows.fromSpec(spec);
  t.after(() => copy.close());
  assert.equal(copy.count, 8);
  const indices = [7, 0, 1, 2, 5];
  assert.deepEqual(gatherRows(copy, 60, indices), gatherRows(tail, 60, indices));
});
