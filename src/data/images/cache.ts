import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { kerastsHome } from '../registry.js';
import type { DecodedImage, DecodeTarget } from './decode.js';
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

/** Decoded images of one dataset folder under one set of image options, looked up by file version. */
export class ImageCache {
  private readonly byKey = new Map<string, DecodedImage>();

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

  /** Opens (reads) the cache; a missing, old or damaged cache is simply empty. */
  static async open(root: string, target: DecodeTarget, imageBytes: number, home?: string): Promise<ImageCache> {
    const dir = ImageCache.dirFor(root, target, home);
    const cache = new ImageCache(dir, imageBytes);
    try {
      const index = JSON.parse(await fs.readFile(join(dir, 'index.json'), 'utf8')) as CacheIndex;
      if (index.version !== CACHE_VERSION || index.imageBytes !== imageBytes) return cache;
      const pixels = await fs.readFile(join(dir, index.pixels));
      if (pixels.length !== index.records.length * imageBytes) return cache;
      index.records.forEach((record, i) => {
        const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset + i * imageBytes, imageBytes);
        cache.byKey.set(recordKey(record), { pixels: bytes, colour: record.colour });
      });
      cache.previous = index;
    } catch {
      // No cache yet (or one being replaced by another process): decode from the files.
    }
    return cache;
  }

  /** Cached pixels of this version of the file (path, size and modification time), if any. */
  get(entry: ImageEntry): DecodedImage | undefined {
    return this.byKey.get(recordKey(entry));
  }

  /** Whether the cache holds exactly these images (then `save` has nothing to do). */
  matches(entries: readonly ImageEntry[]): boolean {
    const records = this.previous?.records;
    return records !== undefined && records.length === entries.length && entries.every((entry, i) => recordKey(entry) === recordKey(records[i]!));
  }

  /**
   * Writes the images of this load as the new cache. The pixel file gets a fresh name and the
   * index (naming it) is renamed into place after it, so a reader or a crash at any moment sees
   * the old or the new cache whole; the old pixel file is removed last.
   */
  async save(entries: readonly ImageEntry[], images: readonly DecodedImage[]): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const name = `pixels-${randomBytes(6).toString('hex')}.bin`;
    const all = new Uint8Array(entries.length * this.imageBytes);
    images.forEach((image, i) => all.set(image.pixels, i * this.imageBytes));
    await writeFileAtomic(join(this.dir, name), all);
    const records = entries.map((entry, i) => ({ file: entry.file, size: entry.size, mtimeMs: entry.mtimeMs, colour: images[i]!.colour }));
    const index: CacheIndex = { version: CACHE_VERSION, pixels: name, imageBytes: this.imageBytes, records };
    await writeFileAtomic(join(this.dir, 'index.json'), `${JSON.stringify(index)}\n`);
    const old = this.previous?.pixels;
    if (old && old !== name && existsSync(join(this.dir, old))) await fs.rm(join(this.dir, old), { force: true });
    this.previous = index;
  }
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
