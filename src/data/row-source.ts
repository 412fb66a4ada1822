/**
 * The rows (images) of a split, read a batch at a time by index. Two kinds: rows held in one
 * float32 array (every dataset that fits in memory), and rows read from the directory
 * dataset's cache file (`images/cache-rows.ts`) for a split over the in-memory limit. Both give
 * the same float32 values for the same indices, so the choice never changes training.
 */
export interface RowSource {
  /** Rows in the split. */
  readonly count: number;
  /** Floats per row (the image's pixels times channels). */
  readonly rowSize: number;
  /** Whether the rows come from a file rather than memory. */
  readonly streamed: boolean;
  /** Writes rows `indices` (any order, repeats allowed) into `out` in that order, `rowSize` floats each from `out[0]`. */
  read(indices: ArrayLike<number>, out: Float32Array): void;
  /** Rows [start, end) as a source of their own (sharing the storage). */
  slice(start: number, end: number): RowSource;
}

/** Rows held in one float32 array, `rowSize` floats each. */
export class ArrayRows implements RowSource {
  readonly streamed = false;
  readonly count: number;

  constructor(
    readonly values: Float32Array,
    readonly rowSize: number,
  ) {
    this.count = rowSize === 0 ? 0 : Math.floor(values.length / rowSize);
  }

  read(indices: ArrayLike<number>, out: Float32Array): void {
    const size = this.rowSize;
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]!;
      if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} is outside the split's ${this.count} rows`);
      out.set(this.values.subarray(row * size, (row + 1) * size), i * size);
    }
  }

  slice(start: number, end: number): ArrayRows {
    return new ArrayRows(this.values.subarray(start * this.rowSize, end * this.rowSize), this.rowSize);
  }
}

/** A split's rows, whichever way it holds them. */
export function rowsOf(images: Float32Array | RowSource, rowSize: number): RowSource {
  return images instanceof Float32Array ? new ArrayRows(images, rowSize) : images;
}
