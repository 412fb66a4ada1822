import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../../src/data/load.js';
import { decodeFolders, loadDirectory, scaleChannelsLast } from '../../../src/data/images/directory.js';
import { ImageCache } from '../../../src/data/images/cache.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { drawShape, encodeImage, writeShapeDataset } from '../../helpers/shapes.js';

const line = (pattern: RegExp) => (error: unknown) => error instanceof UserError && error.exitCode === 2 && pattern.test(error.toLine());
const TARGET = { rows: 12, cols: 10, colorMode: 'grayscale' as const, interpolation: 'bilinear' as const };

test('a class-folder tree loads with alphabetical labels, the requested size and ordering, shuffled by seed', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'data'), { perClass: 6, colour: true });
  const home = join(dir, 'home');
  const tf = await loadDirectory({ path: join(dir, 'data'), image_size: [12, 10], color_mode: 'rgb', seed: 4 }, 'tf', { home });
  assert.deepEqual(tf.classNames, ['circle', 'square', 'triangle']);
  assert.deepEqual(tf.imageShape, [12, 10, 3]);
  assert.equal(tf.train.count, 18);
  assert.equal(tf.test.count, 0);
  assert.deepEqual([...tf.train.labels].sort(), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  assert.notDeepEqual([...tf.train.labels], [...tf.train.labels].sort(), 'shuffled before any validation split');
  assert.ok(tf.train.images.every((v) => v >= 0 && v <= 1));
  const again = await loadDirectory({ path: join(dir, 'data'), image_size: [12, 10], color_mode: 'rgb', seed: 4 }, 'tf', { home });
  assert.deepEqual(again.train.labels, tf.train.labels, 'the same seed gives the same order');
  const th = await loadDirectory({ path: join(dir, 'data'), image_size: [12, 10], color_mode: 'rgb', seed: 4 }, 'th', { home });
  assert.deepEqual(th.imageShape, [3, 12, 10]);
  // Pixel (r 2, c 3, channel 1) of image 0 in both layouts.
  assert.equal(th.train.images[1 * 120 + 2 * 10 + 3], tf.train.images[(2 * 10 + 3) * 3 + 1]);
  const limited = await loadDataset({ name: 'directory', path: join(dir, 'data'), directory: { image_size: [12, 10], seed: 4 }, limit: 5, imageDimOrdering: 'tf', home, log: () => {} });
  assert.equal(limited.train.count, 5);
  assert.deepEqual(limited.classNames, ['circle', 'square', 'triangle']);
});

test('the decode cache: the second load reads no image; a changed or added file is decoded alone', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = join(dir, 'data');
  const files = await writeShapeDataset(data, { perClass: 4 });
  const home = join(dir, 'home');
  const first = await decodeFolders(data, TARGET, { home });
  assert.deepEqual([first.stats.cached, first.stats.decoded], [0, 12]);
  const second = await decodeFolders(data, TARGET, { home });
  assert.deepEqual([second.stats.cached, second.stats.decoded], [12, 0]);
  assert.deepEqual(second.pixels, first.pixels);

  // Change one file's content (and time), add one: exactly those two are decoded.
  let n = 7;
  const random = () => ((n = (n * 48271) % 2147483647) / 2147483647);
  writeFileSync(files[0]!, await encodeImage(drawShape('circle', 30, random, false), 30, 'png', false));
  utimesSync(files[0]!, new Date(), new Date(Date.now() + 5000));
  writeFileSync(join(data, 'square', 'extra.png'), await encodeImage(drawShape('square', 25, random, false), 25, 'png', false));
  const third = await decodeFolders(data, TARGET, { home });
  assert.deepEqual([third.stats.images, third.stats.cached, third.stats.decoded], [13, 11, 2]);
  const fourth = await decodeFolders(data, TARGET, { home });
  assert.deepEqual([fourth.stats.cached, fourth.stats.decoded], [13, 0]);
  assert.deepEqual(fourth.pixels, third.pixels);

  // Other image options are another cache; a damaged cache is ignored, then rewritten.
  const rgb = await decodeFolders(data, { ...TARGET, colorMode: 'rgb' }, { home });
  assert.equal(rgb.stats.decoded, 13);
  const index = join(ImageCache.dirFor(data, { ...TARGET, colorMode: "rgb" }, home), 'index.json');
  writeFileSync(index, readFileSync(index, 'utf8').slice(0, 20));
  const repaired = await decodeFolders(data, { ...TARGET, colorMode: 'rgb' }, { home });
  assert.equal(repaired.stats.decoded, 13);
  assert.equal((await decodeFolders(data, { ...TARGET, colorMode: 'rgb' }, { home })).stats.decoded, 0);
});

test('pixels are scaled to [0, 1] and reordered to channels first under th', () => {
  assert.deepEqual([...scaleChannelsLast(Uint8Array.from([0, 255, 51, 102]), 1, [1, 2, 2], 'th')], [0, 51, 255, 102].map((v) => Math.fround(v / 255)));
});

test('bad class folders are one UserError each, naming the folder or file', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const home = join(dir, 'home');
  const load = (path: string, extra: Record<string, unknown> = {}) => loadDirectory({ path, image_size: [8, 8], ...extra }, 'tf', { home, log: () => {} });

  mkdirSync(join(dir, 'flat'));
  writeFileSync(join(dir, 'flat', 'a.png'), await encodeImage(Buffer.alloc(16 * 3), 4, 'png', false));
  await assert.rejects(load(join(dir, 'flat')), line(/flat: dataset\.path must hold one subfolder of images per class .*Received: no subfolders \(1 images directly inside\)\./));
  await assert.rejects(load(join(dir, 'nowhere')), line(/nowhere: dataset\.path must be a folder with one subfolder of images per class\. Received: no such file or folder\./));

  const data = join(dir, 'data');
  await writeShapeDataset(data, { perClass: 2 });
  mkdirSync(join(data, 'zebra'));
  writeFileSync(join(data, 'zebra', 'readme.txt'), 'no images here');
  await assert.rejects(load(data), line(/data\/zebra: every class folder must hold at least one image .*Received: none in class "zebra"\./));
  rmSync(join(data, 'zebra'), { recursive: true });

  const jpeg = await encodeImage(drawShape('circle', 40, Math.random, false), 40, 'jpg', false);
  writeFileSync(join(data, 'circle', 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await assert.rejects(load(data), line(/circle\/cut\.jpg: must be a readable PNG or JPEG image\. Received: .+\. Fix or remove it, or set dataset\.skip_bad_images/));
  const logs: string[] = [];
  const skipped = await loadDirectory({ path: data, image_size: [8, 8], skip_bad_images: true }, 'tf', { home, log: (l) => logs.push(l) });
  assert.equal(skipped.train.count, 6);
  assert.match(logs.join('\n'), /Skipped 1 unreadable image \(skip_bad_images\), e\.g\. .*cut\.jpg\./);
  rmSync(join(data, 'circle', 'cut.jpg'));

  writeFileSync(join(data, 'square', 'colour.png'), await encodeImage(drawShape('square', 20, Math.random, true), 20, 'png', true));
  await assert.rejects(load(data, { color_mode: 'grayscale' }), line(/dataset\.color_mode: color_mode "grayscale" cannot be honoured for a mix of grey and colour images.*Received: 1 colour and 6 grey images \(e\.g\. .*colour\.png\)/));
  assert.equal((await load(data, { color_mode: 'rgb' })).train.count, 7, 'rgb takes grey and colour alike');
  rmSync(join(data, 'square', 'colour.png'));

  symlinkSync(join(data, 'square'), join(data, 'square', 'loop'));
  await assert.rejects(load(data), line(/square\/loop: a class folder must not contain a link to itself or a folder above it\. Received: a symlink loop/));
  rmSync(join(data, 'square', 'loop'));

  const other = join(dir, 'other');
  await writeShapeDataset(other, { perClass: 1 });
  rmSync(join(other, 'triangle'), { recursive: true });
  await assert.rejects(load(data, { test_path: other }), line(/other: dataset\.test_path must have the same class folders as dataset\.path \(circle, square, triangle\)\. Received: circle, square\./));
});
