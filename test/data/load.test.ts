import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/data/load.js';
import { toTensors } from '../../src/data/preprocess.js';
import { UserError } from '../../src/errors.js';
import { idxBytes, labelBytes, tinyMnistFiles, writeFiles } from './fixtures.js';
import { tempDir } from '../helpers/cli.js';

/** Matches the one line the user sees (file and location included), not just the message. */
function line(pattern: RegExp) {
  return (error: unknown) => error instanceof UserError && pattern.test(error.toLine());
}

const SYSTEM_FASHION = '/usr/share/datasets/fashion-mnist';

test('loadDataset reads four IDX files, scales to [0, 1] and honours ordering and limit', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFiles(dir, tinyMnistFiles(12, 5, 4, 3));
  const tf = await loadDataset({ name: 'mnist', path: dir, imageDimOrdering: 'tf', offline: true });
  assert.equal(tf.source, dir);
  assert.equal(tf.numClasses, 10);
  assert.deepEqual(tf.imageShape, [4, 3, 1]);
  assert.equal(tf.train.count, 12);
  assert.equal(tf.test.count, 5);
  assert.equal(tf.train.images.length, 12 * 12);
  // Image 2, pixel 5: (2 * 7 + 5) % 256 = 19.
  assert.equal(tf.train.images[2 * 12 + 5], Math.fround(19 / 255));
  assert.deepEqual(Array.from(tf.test.labels), Array.from(labelBytes(5)));
  const th = await loadDataset({ name: 'mnist', path: dir, imageDimOrdering: 'th', limit: 4, offline: true });
  assert.deepEqual(th.imageShape, [1, 4, 3]);
  assert.equal(th.train.count, 4);
  assert.equal(th.test.count, 4);
  assert.equal(th.train.images.length, 4 * 12);
});

test('the idx dataset counts its classes from the labels', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFiles(dir, tinyMnistFiles());
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([12], labelBytes(12, 4))));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([5], labelBytes(5, 3))));
  const data = await loadDataset({ name: 'idx', path: dir, imageDimOrdering: 'tf' });
  assert.equal(data.numClasses, 4);
});

test('images and labels of different counts are bad data (exit 2) naming both files', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFiles(dir, tinyMnistFiles(12, 5));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([11], labelBytes(11))));
  await assert.rejects(loadDataset({ name: 'mnist', path: dir, imageDimOrdering: 'tf' }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 2);
    assert.match(
      error.toLine(),
      /train-labels-idx1-ubyte\.gz: byte 4: images and labels must agree in count: .*train-images-idx3-ubyte\.gz holds 12 images\. Received: 11 labels\./,
    );
    return true;
  });
});

test('a label file given as images, and a label past the classes, are bad data', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFiles(dir, tinyMnistFiles(12, 5));
  const labels = labelBytes(5);
  labels[3] = 11;
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([5], labels)));
  await assert.rejects(loadDataset({ name: 'mnist', path: dir, imageDimOrdering: 'tf' }), line(/t10k-labels-idx1-ubyte\.gz: record 3 \(byte 11\): every label must be in 0\.\.9\. Received: 11\./));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([5], labels)));
  await assert.rejects(loadDataset({ name: 'mnist', path: dir, imageDimOrdering: 'tf' }), line(/t10k-images-idx3-ubyte\.gz: byte 0: an IDX image file must hold uint8 data of 3 dimensions/));
});

test('offline, a dataset that is nowhere is a failure (exit 1) and nothing is created', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(loadDataset({ name: 'mnist', home: dir, imageDimOrdering: 'tf', offline: true, systemDirs: [] }), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 1);
    assert.match(error.toLine(), /mnist dataset must be present when working offline/);
    return true;
  });
  assert.equal(existsSync(join(dir, 'datasets')), false);
});

test('all of Fashion-MNIST loads from the Debian package in seconds', async (t) => {
  if (!existsSync(join(SYSTEM_FASHION, 'train-images-idx3-ubyte.gz'))) {
    t.skip(`${SYSTEM_FASHION} is absent (install the Debian package dataset-fashion-mnist)`);
    return;
  }
  const { dir, remove } = tempDir();
  try {
    const started = performance.now();
    const data = await loadDataset({ name: 'fashion-mnist', home: dir, imageDimOrdering: 'tf', offline: true });
    const loaded = performance.now();
    const train = toTensors(data.train, data.imageShape, data.numClasses);
    const test = toTensors(data.test, data.imageShape, data.numClasses);
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`fashion-mnist 60000 + 10000 images: read+scale ${((loaded - started) / 1000).toFixed(2)} s, with tensors ${seconds.toFixed(2)} s`);
    try {
      assert.equal(data.source, SYSTEM_FASHION);
      assert.deepEqual(train.x.shape, [60000, 28, 28, 1]);
      assert.deepEqual(test.y.shape, [10000, 10]);
      // Known first labels of Fashion-MNIST: ankle boot (9); test set starts 9, 2, 1, 1, 6.
      assert.equal(data.train.labels[0], 9);
      assert.deepEqual(Array.from(data.test.labels.subarray(0, 5)), [9, 2, 1, 1, 6]);
      assert.ok(data.train.images.every((v) => v >= 0 && v <= 1));
      assert.ok(seconds < 15, `loading took ${seconds.toFixed(1)} s; it must take seconds`);
    } finally {
      for (const tensor of [train.x, train.y, test.x, test.y]) tensor.dispose();
    }
  } finally {
    remove();
  }
});
