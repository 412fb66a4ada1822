import { closeSync, fstatSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';

// A pixel file whose holder is collected without close() still gives its descriptor back.
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/**
 * One open pixel file of the decode cache: `records` images of `imageBytes` bytes each, in the
 * cache index's order. Held open from the moment it is known to be whole, so a later cache
 * rewrite by another run (which removes the old file) cannot pull it away mid-training.
 */
export class PixelFile {
  private closed = false;

  private constructor(
    readonly path: string,
    readonly fd: number,
    readonly imageBytes: number,
    readonly records: number,
    private readonly owned = true,
  ) {
    if (owned) closer.register(this, fd, this);
  }

  /**
   * The same file in another thread of this process (a gradient worker): its own descriptor
   * through /proc/self/fd where there is one (so the file is read even if a newer cache has
   * unlinked it), else the owner's descriptor, which positioned reads can share.
   */
  static reopen(spec: { path: string; fd: number; imageBytes: number; records: number }): PixelFile {
    try {
      const own = openSync(`/proc/self/fd/${spec.fd}`, 'r');
      return new PixelFile(spec.path, own, spec.imageBytes, spec.records);
    } catch {
      return new PixelFile(spec.path, spec.fd, spec.imageBytes, spec.records, false);
    }
  }

  /** Opens `path`; undefined unless it holds exactly `records` images of `imageBytes` bytes. */
  static open(path: string, imageBytes: number, records: number): PixelFile | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    if (fstatSync(fd).size !== imageBytes * records) {
      closeSync(fd);
      return undefined;
    }
    return new PixelFile(path, fd, imageBytes, records);
  }

  /** Reads records [first, first + count) into `target` at `offset`, with positioned reads. */
  readRecords(first: number, count: number, target: Uint8Array, offset = 0): void {
    if (first < 0 || first + count > this.records) throw new RangeError(`records ${first}..${first + count - 1} are outside the ${this.records} of ${this.path}`);
    const length = count * this.imageBytes;
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, target, offset + done, length - done, first * this.imageBytes + done);
      // The file was checked whole when opened; a short read means it was cut since.
      if (read === 0) throw new Error(`the decode cache ${this.path} ended at byte ${first * this.imageBytes + done}: it was truncated while in use`);
      done += read;
    }
  }

  /** Every record, in one array. */
  readAll(): Uint8Array {
    const all = new Uint8Array(this.records * this.imageBytes);
    if (this.records > 0) this.readRecords(0, this.records, all);
    return all;
  }

  /** Closes the descriptor (a borrowed one stays open for its owner). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.owned) return;
    closer.unregister(this);
    closeSync(this.fd);
  }
}

/**
 * Images decoded before the cache is rewritten, parked in a file of fixed-size slots so that a
 * first decode of a set larger than memory holds only the images in flight. The file is
 * unlinked as soon as it is open (where the platform allows), so a crash leaves nothing behind.
 */
export class SpillFile {
  private readonly fd: number;
  private unlinked = false;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly imageBytes: number,
  ) {
    this.fd = openSync(path, 'w+');
    try {
      unlinkSync(path);
      this.unlinked = true;
    } catch {
      // Windows keeps an open file's name; close() removes it.
    }
  }

  write(slot: number, pixels: Uint8Array): void {
    let done = 0;
    while (done < pixels.length) done += writeSync(this.fd, pixels, done, pixels.length - done, slot * this.imageBytes + done);
  }

  read(slot: number): Uint8Array {
    const out = new Uint8Array(this.imageBytes);
    let done = 0;
    while (done < out.length) {
      const read = readSync(this.fd, out, done, out.length - done, slot * this.imageBytes + done);
      if (read === 0) throw new Error(`slot ${slot} of the decode spill file ${this.path} was never written`);
      done += read;
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if (!this.unlinked) rmSync(this.path, { force: true });
  }
}
