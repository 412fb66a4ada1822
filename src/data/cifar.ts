import { UserError } from '../errors.js';
import { openRegularFile, readRegularFile } from '../util/read-file.js';

/** CIFAR-10 images are 32x32 RGB. */
export const CIFAR_ROWS = 32;
export const CIFAR_COLS = 32;
export const CIFAR_CHANNELS = 3;
export const CIFAR_PIXELS = CIFAR_ROWS * CIFAR_COLS * CIFAR_CHANNELS;
/** One record of the binary version: 1 label byte, then 3072 pixel bytes. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS;
export const CIFAR_CLASSES = 10;

/** The training files of the CIFAR-10 binary version, in Keras's order, and the test file. */
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR_TEST_FILE = 'test_batch.bin';

/** A real batch is 10,000 records (30 MB); ten times that is not one, and is refused before it is read. */
const BATCH_FILE = { what: 'CIFAR-10 batch file', code: 'DATA_MISSING', maxBytes: 100_000 * CIFAR_RECORD_BYTES };

/**
 * Records read from one or more CIFAR binary files. Pixels stay channel-major, as in the
 * file: (samples, channels, rows, cols), the "th" layout; conversion happens once, later.
 */
export interface CifarRecords {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * Reads CIFAR-10 binary batch files (`data_batch_N.bin`, `test_batch.bin`) and concatenates
 * them in the given order. A file whose length is not a multiple of 3073 bytes, or a label
 * outside 0..9, is a {@link UserError} naming the file and the record.
 */
export async function readCifarBatches(paths: readonly string[]): Promise<CifarRecords> {
  const sizes: number[] = [];
  for (const path of paths) {
    // Checked here, not only where the path was located: a FIFO or device is never read.
    const { handle, size } = await openRegularFile(path, BATCH_FILE);
    await handle.close();
    if (size === 0 || size % CIFAR_RECORD_BYTES !== 0) {
      const whole = Math.floor(size / CIFAR_RECORD_BYTES);
      throw new UserError(
        `a CIFAR-10 binary file must be a whole number of ${CIFAR_RECORD_BYTES}-byte records (1 label byte + ${CIFAR_PIXELS} pixel bytes). ` +
          `Received: ${size} bytes (${whole} records and ${size - whole * CIFAR_RECORD_BYTES} bytes left over).`,
        { file: path, location: `record ${whole} (byte ${whole * CIFAR_RECORD_BYTES})`, code: 'DATA_SIZE_MISMATCH' },
      );
    }
    sizes.push(size);
  }
  const count = sizes.reduce((sum, size) => sum + size / CIFAR_RECORD_BYTES, 0);
  const pixels = new Uint8Array(count * CIFAR_PIXELS);
  const labels = new Uint8Array(count);
  let record = 0;
  for (const [index, path] of paths.entries()) {
    // Each file (30 MB for the real batches) is read whole once; records are then split
    // into labels and pixels so the pixels can be converted in one pass later.
    const raw = await readRegularFile(path, { ...BATCH_FILE, maxBytes: sizes[index]! });
    if (raw.length !== sizes[index]) {
      throw new UserError(`the file changed while it was read. Received: ${raw.length} bytes, expected ${sizes[index]}.`, { file: path, code: 'DATA_CHANGED' });
    }
    const records = raw.length / CIFAR_RECORD_BYTES;
    for (let r = 0; r < records; r += 1) {
      const at = r * CIFAR_RECORD_BYTES;
      const label = raw[at]!;
      if (label >= CIFAR_CLASSES) {
        throw new UserError(`a CIFAR-10 label must be 0..9. Received: ${label}.`, {
          file: path,
          location: `record ${r} (byte ${at})`,
          code: 'DATA_BAD_LABEL',
        });
      }
      labels[record] = label;
      pixels.set(raw.subarray(at + 1, at + CIFAR_RECORD_BYTES), record * CIFAR_PIXELS);
      record += 1;
    }
  }
  return { pixels, labels, count };
}
