import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFolders } from '../../src/data/images/directory.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { writeShapeDataset } from '../helpers/shapes.js';

test('datasets info describes a class folder: classes, counts per class and split, size, cache state', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = join(dir, 'photos');
  await writeShapeDataset(data, { perClass: 4 });
  await writeShapeDataset(join(dir, 'photos-test'), { perClass: 2, seed: 5 });
  const before = await runCliAsync(['datasets', 'info', data], dir);
  assert.equal(before.status, 0, before.stderr);
  assert.match(before.stdout, /^classes: 3 \(circle, square, triangle\), labels 0\.\.2 in this order$/m);
  assert.match(before.stdout, /^image size: 256x256 rgb \(3 channels\)$/m);
  assert.match(before.stdout, /^cache \(train\): 0 of 12 decoded images cached \(.*\), 12 to decode$/m);
  assert.match(before.stdout, /^circle\t4$/m);

  const spec = join(dir, 'photos.json');
  const dataset = { name: 'directory', path: data, test_path: join(dir, 'photos-test'), image_size: [16, 16], color_mode: 'grayscale', validation_split: 0.25 };
  writeFileSync(spec, JSON.stringify({ dataset, model: { layers: [{ class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 3 } }] } }));
  await decodeFolders(data, { rows: 16, cols: 16, colorMode: 'grayscale', interpolation: 'bilinear' }, { home: join(dir, '.kerasts') });
  const info = await runCliAsync(['datasets', 'info', spec, '--json'], dir);
  assert.equal(info.status, 0, info.stderr);
  const json = JSON.parse(info.stdout) as { classes: string[]; splits: Record<string, number>; train: { perClass: Record<string, number>; cache: { cached: number } }; test: { cache: { cached: number } }; memoryBytes: number };
  assert.deepEqual(json.splits, { train: 9, validation: 3, test: 6 });
  assert.deepEqual(json.train.perClass, { circle: 4, square: 4, triangle: 4 });
  assert.equal(json.train.cache.cached, 12);
  assert.equal(json.test.cache.cached, 0);
  assert.equal(json.memoryBytes, 18 * 16 * 16 * 4);
  const streamedInfo = await runCliAsync(['datasets', 'info', spec], dir, { KERASTS_MAX_IN_MEMORY_BYTES: '2000' });
  assert.equal(streamedInfo.status, 0, streamedInfo.stderr);
  // 12 training images of 16x16 grey are 3,072 bytes, over the limit; the 6 test images (1,536 bytes) are not.
  assert.match(streamedInfo.stdout, /^memory: train 3\.1 kB uint8, streamed from the cache; test 1\.5 kB uint8, in memory as float32 \(6\.1 kB\) \(limit 2\.0 kB of uint8\)$/m);

  const mnist = join(dir, 'mnist.json');
  writeFileSync(mnist, JSON.stringify({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten', config: {} }] } }));
  const builtin = await runCliAsync(['datasets', 'info', mnist], dir);
  assert.equal(builtin.status, 0, builtin.stderr);
  assert.match(builtin.stdout, /^classes: 10 \(0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)$/m);
  assert.match(builtin.stdout, /^image shape: \[28,28,1\] \(tf ordering\)$/m);
});

test('bad directory datasets stop kerasts train with one line and exit code 2, before any run directory exists', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = { layers: [{ class_name: 'Flatten', config: {} }, { class_name: 'Dense', config: { units: 3, activation: 'softmax' } }] };
  const train = async (dataset: unknown) => {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ dataset, model }));
    const result = await runCliAsync(['--backend', 'cpu', 'train', spec, '--out', join(dir, 'run')], dir);
    assert.equal(existsSync(join(dir, 'run')), false, 'no run directory is made');
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    return result.stderr;
  };
  assert.match(await train({ name: 'directory', path: 'photos', image_size: [0, 16] }), /spec\.json: dataset\.image_size\[0\] must be a positive integer\. Received: 0/);
  assert.match(await train({ name: 'directory', image_size: [8, 8] }), /spec\.json: dataset\.path is required for the directory dataset/);
  assert.match(await train({ name: 'mnist', image_size: [8, 8] }), /spec\.json: dataset\.image_size applies only to the directory dataset\. Received: dataset "mnist"/);
  mkdirSync(join(dir, 'flat'));
  assert.match(await train({ name: 'directory', path: join(dir, 'flat'), image_size: [8, 8] }), /flat: dataset\.path must hold one subfolder of images per class .*Received: no subfolders\./);

  // A truncated JPEG: named, exit 2; --skip-bad-images trains without it and says so.
  const photos = join(dir, 'photos');
  await writeShapeDataset(photos, { perClass: 3 });
  const jpeg = readFileSync(join(photos, 'circle', 'circle-1.jpg'));
  writeFileSync(join(photos, 'circle', 'circle-1.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  const dataset = { name: 'directory', path: photos, image_size: [8, 8], color_mode: 'grayscale' };
  assert.match(await train(dataset), /circle-1\.jpg: must be a readable PNG or JPEG image\. Received: .+ Fix or remove it, or set dataset\.skip_bad_images/);
  const spec = join(dir, 'spec.json');
  const skipped = await runCliAsync(['--backend', 'cpu', 'train', spec, '--skip-bad-images', '--epochs', '1', '--out', join(dir, 'run'), '--workers', '1'], dir);
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stderr, /Skipped 1 unreadable image \(skip_bad_images\), e\.g\. .*circle-1\.jpg\./);
  assert.match(skipped.stderr, /train: 8 images, 0 from the cache, 8 decoded/);

  const empty = await runCliAsync(['datasets', 'info', join(dir, 'flat')], dir);
  assert.equal(empty.status, 2);
  // No spec was given, so the message names the folder, not dataset.path.
  assert.equal(
    empty.stderr,
    `kerasts: ${join(dir, 'flat')}: the folder must hold one subfolder of images per class (as Keras's image_dataset_from_directory). Received: no subfolders. Put each class in its own folder, e.g. photos/cats/, photos/dogs/.\n`,
  );
});
