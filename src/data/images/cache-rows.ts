import type { ImageDimOrdering } from '../../settings/constants.js';
import type { RowSource } from '../row-source.js';
import { PixelFile } from './pixel-file.js';
import { scaleImageInto } from './scale.js';

/** A streamed split as plain data, for a worker thread to read the same rows itself. */
export interface CacheRowsSpec {
  path: string;
  fd: number;
  imageBytes: number;
  fileRecords: number;
  records: Uint32Array;
  hwc: [number, number, number];
  ordering: ImageDimOrdering;
}

/**
 * A split's rows read from the decode cache's pixel file batch by batch, for a split over the
 * in-memory limit: only one batch of uint8 pixels is held at a time. Row `r` is record
 * `records[r]` of the file (the split's shuffled, limited order), scaled exactly as a held split is.
 */
export class CacheRows implements RowSource {
  readonly streamed = true;
  readonly count: number;
  readonly rowSize: number;
  private scratch = new Uint8Array(0);

  constructor(
    private readonly file: PixelFile,
    private readonly records: Uint32Array,
    private readonly hwc: [number, number, number],
    private readonly ordering: ImageDimOrdering,
  ) {
    this.count = records.length;
    this.rowSize = hwc[0] * hwc[1] * hwc[2];
  }

  /**
   * Batches are shuffled, so the batch's records are read in file order — one positioned read
   * per run of consecutive records — and each image is put back at its place in the batch.
   */
  read(indices: ArrayLike<number>, out: Float32Array): void {
    const n = indices.length;
    const record = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const row = indices[i]!;
      if (!(row >= 0 && row < this.count)) throw new RangeError(`row ${row} is outside the split's ${this.count} rows`);
      record[i] = this.records[row]!;
    }
    const positions = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => record[a]! - record[b]!);
    const bytes = this.file.imageBytes;
    for (let p = 0; p < n; ) {
      let q = p + 1;
      while (q < n && record[positions[q]!] === record[positions[q - 1]!]! + 1) q++;
      if (this.scratch.length < (q - p) * bytes) this.scratch = new Uint8Array((q - p) * bytes);
      this.file.readRecords(record[positions[p]!]!, q - p, this.scratch);
      for (let k = p; k < q; k++) scaleImageInto(this.scratch, (k - p) * bytes, out, positions[k]! * this.rowSize, this.hwc, this.ordering);
      p = q;
    }
  }

  /** This split as plain data (structured-cloneable) for `CacheRows.fromSpec` in another thread. */
  describe(): CacheRowsSpec {
    const { path, fd, imageBytes, records } = this.file;
    return { path, fd, imageBytes, fileRecords: records, records: this.records.slice(), hwc: this.hwc, ordering: this.ordering };
  }

  /** The rows `describe` gave, read through this thread's own descriptor of the file. */
  static fromSpec(spec: CacheRowsSpec): CacheRows {
    return new CacheRows(PixelFile.reopen({ path: spec.path, fd: spec.fd, imageBytes: spec.imageBytes, records: spec.fileRecords }), spec.records, spec.hwc, spec.ordering);
  }

  /** Gives back the file's descriptor (a worker's own, when it is replaced). */
  close(): void {
    this.file.close();
  }

  slice(start: number, end: number): CacheRows {
    return new CacheRows(this.file, this.records.subarray(start, end), this.hwc, this.ordering);
  }
}
