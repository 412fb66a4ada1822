import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSplitMemory, memoryLine, splitMemory } from '../../src/data/memory.js';
import { ArrayRows } from '../../src/data/row-source.js';
import type { Split } from '../../src/data/preprocess.js';

const held = (count: number, size: number): Split => ({ images: new Float32Array(count * size), labels: new Uint8Array(count), count });

test('the memory line states uint8 size and float32 held for each split', () => {
  const memory = splitMemory(held(100, 784), [28, 28, 1]);
  assert.deepEqual(memory, { count: 100, imageShape: [28, 28, 1], uint8Bytes: 78_400, heldBytes: 313_600, streamed: false });
  assert.equal(formatSplitMemory('train', memory), 'train: 100 × 28×28×1 uint8 = 78.4 kB, in memory as float32 (313.6 kB)');
  // MNIST's full training set, as the example.
  assert.equal(formatSplitMemory('train', { ...memory, count: 60_000, uint8Bytes: 47_040_000, heldBytes: 188_160_000 }), 'train: 60,000 × 28×28×1 uint8 = 47.0 MB, in memory as float32 (188.2 MB)');
});

test('a streamed split holds no images and says so', () => {
  const streamed: Split = { images: new Float32Array(0), labels: new Uint8Array(3000), count: 3000, streamed: new ArrayRows(new Float32Array(0), 12) };
  const memory = splitMemory(streamed, [2, 2, 3]);
  assert.equal(memory.heldBytes, 0);
  assert.equal(memory.streamed, true);
  const line = memoryLine({ train: streamed, test: held(10, 12), imageShape: [2, 2, 3] }, 1_000_000);
  assert.equal(line, 'Memory: train: 3,000 × 2×2×3 uint8 = 36.0 kB, streamed from the cache batch by batch; test: 10 × 2×2×3 uint8 = 120 B, in memory as float32 (480 B) (a split over 1.0 MB of uint8 is streamed).');
});
