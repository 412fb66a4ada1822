import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFolders } from '../../../src/data/images/directory.js';
import { directoryInfo, formatDirectoryInfo } from '../../../src/data/images/info.js';
import { tempDir } from '../../helpers/cli.js';
import { writeShapeDataset } from '../../helpers/shapes.js';
import { userError } from '../../helpers/user-error.js';

test('classes, counts, splits, memory and cache state, without decoding anything', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = join(dir, 'data');
  const testDir = join(dir, 'test');
  await writeShapeDataset(data, { perClass: 3 });
  await writeShapeDataset(testDir, { perClass: 1, seed: 2 });
  const home = join(dir, 'home');
  const options = { path: data, test_path: testDir, image_size: [8, 6] as [number, number], color_mode: 'grayscale' as const };
  const info = await directoryInfo(options, 0.34, home);
  assert.deepEqual(info.classes, ['circle', 'square', 'triangle']);
  assert.deepEqual([info.imageSize, info.colorMode, info.channels, info.seed], [[8, 6], 'grayscale', 1, 1337]);
  assert.deepEqual(info.train.perClass, { circle: 3, square: 3, triangle: 3 });
  assert.deepEqual(info.splits, { train: 5, validation: 4, test: 3 });
  assert.equal(info.memoryBytes, 12 * 8 * 6 * 4);
  assert.deepEqual([info.train.cache.cached, info.train.cache.toDecode], [0, 9]);

  await decodeFolders(data, { rows: 8, cols: 6, colorMode: 'grayscale', interpolation: 'bilinear' }, { home });
  const after = await directoryInfo(options, 0.34, home);
  assert.deepEqual([after.train.cache.cached, after.train.cache.toDecode], [9, 0]);
  assert.deepEqual([after.test!.cache.cached, after.test!.cache.toDecode], [0, 3]);

  const text = formatDirectoryInfo(after);
  assert.match(text, /^classes: 3 \(circle, square, triangle\), labels 0\.\.2 in this order\nimage size: 8x6 grayscale \(1 channel\)\nsplits: 5 train, 4 validation \(seed 1337\), 3 test\nmemory: [^\n]+\n/);
  assert.match(text, /cache \(train\): 9 of 9 decoded images cached \(.*\)\n/);
  assert.match(text, /cache \(test\): 0 of 3 decoded images cached \(.*\), 3 to decode\n/);
  assert.match(text, /\nCLASS\tTRAIN\+VAL\tTEST\ncircle\t3\t1\nsquare\t3\t1\ntriangle\t3\t1\n$/);
});

test('a bad folder fails as it would in training', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(directoryInfo({ path: join(dir, 'missing') }), userError(/missing: dataset\.path must be a folder/));
});
