import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Builds an IDX file: magic (0, 0, dtype, ndims), big-endian sizes, then the bytes. */
export function idxBytes(shape: number[], data: Uint8Array, dtype = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(dtype, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** `count` images of rows x cols whose pixel i of image n is (n * 7 + i) mod 256. */
export function imagePixels(count: number, rows: number, cols: number): Uint8Array {
  return Uint8Array.from({ length: count * rows * cols }, (_, i) => (Math.floor(i / (rows * cols)) * 7 + (i % (rows * cols))) % 256);
}

export function labelBytes(count: number, classes = 10): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (i * 3) % classes);
}

/** The four gzipped files of a small MNIST-like dataset, keyed by their standard names. */
export function tinyMnistFiles(train = 12, test = 5, rows = 4, cols = 3): Record<string, Buffer> {
  return {
    'train-images-idx3-ubyte.gz': gzipSync(idxBytes([train, rows, cols], imagePixels(train, rows, cols))),
    'train-labels-idx1-ubyte.gz': gzipSync(idxBytes([train], labelBytes(train))),
    't10k-images-idx3-ubyte.gz': gzipSync(idxBytes([test, rows, cols], imagePixels(test, rows, cols))),
    't10k-labels-idx1-ubyte.gz': gzipSync(idxBytes([test], labelBytes(test))),
  };
}


export function writeFiles(dir: string, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

/** CIFAR records: label byte then 3072 channel-major pixel bytes; pixel value depends on (record, channel, index). */
export function cifarBytes(count: number, labelOf = (r: number) => r % 10): Buffer {
  const out = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r += 1) {
    out[r * 3073] = labelOf(r);
    for (let c = 0; c < 3; c += 1) for (let p = 0; p < 1024; p += 1) out[r * 3073 + 1 + c * 1024 + p] = (r * 50 + c * 80 + p) % 256;
  }
  return out;
}
