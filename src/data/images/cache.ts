import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, promises as fs, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { kerastsHome } from '../registry.js';
import type { DecodedImage, DecodeTarget } from './decode.js';
import { PixelFile } from './pixel-file.js';
import type { ImageEntry } from './scan.js';

/** Bumped when the cache layout or the decoding changes, so old caches are not misread. */
const CACHE_VERSION = 1;

/** One cached image: which file version it was decoded from, and where its bytes are. */
interface CacheRecord {
  file: string;
  size: number;
  mtimeMs: number;
  colour: boolean;
}

interface CacheIndex {
  version: number;
  /** Name of the pixel file this index belongs to (a new name per write, see `save`). */
  pixels: string;
  imageBytes: number;
  records: CacheRecord[];
}

/** Where one cached image is: its record in the pixel file, and whether it was colour. */
interface CachedImage {
  record: number;
  colour: boolean;
}

/** What `save` writes for the i-th image: freshly decoded pixels, or none to copy the cached record. */
export type SavedImage = DecodedImage | undefined;

/**
 * Decoded images of one dataset folder under one set of image options, looked up by file
 * version. Opening reads the index alone: pixels are read record by record (or the whole file)
 * when asked, so a cache larger than memory can be checked, rewritten and streamed.
 */
export class ImageCache {
  private readonly byKey = new Map<string, CachedImage>();
  private pixels?: PixelFile;

  private constructor(
    readonly dir: string,
    private readonly imageBytes: number,
    private previous?: CacheIndex,
  ) {}

  /**
   * The cache folder of `root` decoded to `target`:
   * `<KERASTS_HOME>/cache/images/<hash of the folder's absolute path and the options>/`.
   */
  static dirFor(root: string, target: DecodeTarget, home?: string): string {
    const key = JSON.stringify({ root: resolve(root), ...target, version: CACHE_VERSION });
    return join(kerastsHome(home), 'cache', 'images', createHash('sha256').update(key).digest('hex').slice(0, 20));
  }

  /** Opens the cache (its index, and its pixel file held open); a missing, old or damaged cache is simply empty. */
  static async open(root: string, target: DecodeTarget, imageBytes: number, home?: string): Promise<ImageCache> {
    const dir = ImageCache.dirFor(root, target, home);
    const cache = new ImageCache(dir, imageBytes);
    try {
      const index = JSON.parse(await fs.readFile(join(dir, 'index.json'), 'utf8')) as CacheIndex;
      if (index.version !== CACHE_VERSION || index.imageBytes !== imageBytes || !Array.isArray(index.records)) return cache;
      const pixels = PixelFile.open(join(dir, index.pixels), imageBytes, index.records.length);
      if (pixels === undefined) return cache;
      index.records.forEach((record, i) => cache.byKey.set(recordKey(record), { record: i, colour: record.colour }));
      cache.previous = index;
      cache.pixels = pixels;
    } catch {
      // No cache yet (or one being replaced by another process): decode from the files.
    }
    return cache;
  }

  /** Whether this version of the file (path, size and modification time) is cached. */
  has(entry: ImageEntry): boolean {
    return this.byKey.has(recordKey(entry));
  }

  /** Whether the cached version of the file was a colour image (undefined when not cached). */
  colour(entry: ImageEntry): boolean | undefined {
    return this.byKey.get(recordKey(entry))?.colour;
  }

  /** Cached pixels of this version of the file, if any (one positioned read). */
  get(entry: ImageEntry): DecodedImage | undefined {
    const cached = this.byKey.get(recordKey(entry));
    if (cached === undefined || this.pixels === undefined) return undefined;
    const bytes = new Uint8Array(this.imageBytes);
    this.pixels.readRecords(cached.record, 1, bytes);
    return { pixels: bytes, colour: cached.colour };
  }

  /** Whether the cache holds exactly these images (then `save` has nothing to do). */
  matches(entries: readonly ImageEntry[]): boolean {
    const records = this.previous?.records;
    return records !== undefined && records.length === entries.length && entries.every((entry, i) => recordKey(entry) === recordKey(records[i]!));
  }

  /** Gives back the pixel file's descriptor (a cache only looked at, as by `datasets info`). */
  close(): void {
    this.pixels?.close();
  }

  /** The open pixel file of the current cache (after `save`, the one it wrote), in index order. */
  get pixelFile(): PixelFile | undefined {
    return this.pixels;
  }

  /**
   * Writes the images of this load as the new cache, one image at a time (the i-th from
   * `image(i)`, or copied from the old cache when that gives none), so no more than the newly
   * decoded images are ever held. The pixel file gets a fresh name and the index (naming it)
   * is renamed into place after it, so a reader or a crash at any moment sees the old or the
   * new cache whole; the old pixel file is removed last.
   */
  async save(entries: readonly ImageEntry[], image: (i: number) => SavedImage): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const name = `pixels-${randomBytes(6).toString('hex')}.bin`;
    const colours = writePixelFile(join(this.dir, name), entries.length, this.imageBytes, (i) => image(i) ?? this.get(entries[i]!));
    const records = entries.map((entry, i) => ({ file: entry.file, size: entry.size, mtimeMs: entry.mtimeMs, colour: colours[i]! }));
    const index: CacheIndex = { version: CACHE_VERSION, pixels: name, imageBytes: this.imageBytes, records };
    const written = PixelFile.open(join(this.dir, name), this.imageBytes, entries.length);
    if (written === undefined) throw new Error(`the decode cache ${join(this.dir, name)} could not be read back after writing`);
    await writeFileAtomic(join(this.dir, 'index.json'), `${JSON.stringify(index)}\n`);
    const old = this.previous?.pixels;
    this.pixels?.close();
    if (old && old !== name && existsSync(join(this.dir, old))) await fs.rm(join(this.dir, old), { force: true });
    this.previous = index;
    this.pixels = written;
    this.byKey.clear();
    records.forEach((record, i) => this.byKey.set(recordKey(record), { record: i, colour: record.colour }));
  }
}

/** Chunk of the pixel file assembled before each write: large enough that writes are few. */
const WRITE_CHUNK_BYTES = 4 * 1024 * 1024;

/** Writes `count` images to a new file `path` (flushed to disk), returning each one's colour flag. */
function writePixelFile(path: string, count: number, imageBytes: number, image: (i: number) => DecodedImage | undefined): boolean[] {
  const perChunk = Math.max(1, Math.floor(WRITE_CHUNK_BYTES / Math.max(1, imageBytes)));
  const chunk = new Uint8Array(Math.min(count, perChunk) * imageBytes);
  const colours: boolean[] = [];
  const fd = openSync(path, 'w');
  try {
    for (let first = 0; first < count; first += perChunk) {
      const n = Math.min(perChunk, count - first);
      for (let k = 0; k < n; k++) {
        const decoded = image(first + k);
        if (decoded === undefined) throw new Error(`image ${first + k} of the decode cache is neither decoded nor cached`);
        chunk.set(decoded.pixels, k * imageBytes);
        colours.push(decoded.colour);
      }
      let done = 0;
      while (done < n * imageBytes) done += writeSync(fd, chunk, done, n * imageBytes - done);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  return colours;
}

function recordKey(record: { file: string; size: number; mtimeMs: number }): string {
  return `${record.file}\u0000${record.size}\u0000${record.mtimeMs}`;
}

/** Whether a cache exists for `root` under `target`, and how many images it holds (for `datasets info`). */
export async function cacheState(root: string, target: DecodeTarget, home?: string): Promise<{ dir: string; images: number } | undefined> {
  const dir = ImageCache.dirFor(root, target, home);
  try {
    const index = JSON.parse(await fs.readFile(join(dir, 'index.json'), 'utf8')) as CacheIndex;
    return { dir, images: index.records.length };
  } catch {
    return undefined;
  }
}
