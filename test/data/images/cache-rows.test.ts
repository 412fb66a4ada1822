import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDirectory } from '../../../src/data/images/directory.js';
import { splitValidation } from '../../../src/data/preprocess.js';
import { gatherRows } from '../../../src/train/batches.js';
import { tempDir } from '../../helpers/cli.js';
import { writeShapeDataset } from '../../helpers/shapes.js';

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
