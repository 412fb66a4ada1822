import { promises as fs, type Stats } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { UserError } from '../../errors.js';
import { IMAGE_EXTENSIONS } from './options.js';

/** One image file found under a class folder. */
export interface ImageEntry {
  /** Path relative to the dataset root, with `/` separators (the cache key). */
  file: string;
  path: string;
  label: number;
  size: number;
  mtimeMs: number;
}

/** A class-folder tree: class names in label order (alphabetical) and every image, in order. */
export interface ClassFolders {
  root: string;
  classNames: string[];
  entries: ImageEntry[];
  /** Images per class, by label. */
  counts: number[];
}

const isImage = (name: string): boolean => (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());

async function statOrFail(path: string, what: string): Promise<Stats> {
  try {
    return await fs.stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'a symlink loop' : (error as Error).message;
    throw new UserError(`${what}. Received: ${reason}.`, { code: code === 'ELOOP' ? 'DATA_SYMLINK_LOOP' : 'DATA_MISSING', file: path });
  }
}

/**
 * Every image under `dir`, recursing into subfolders as Keras's `os.walk` does, but following
 * symlinks: a link back to a folder being walked (a loop) is refused rather than walked forever.
 */
async function walk(dir: string, ancestors: Set<string>, found: Array<{ path: string; stats: Stats }>): Promise<void> {
  const real = await fs.realpath(dir).catch(() => dir);
  if (ancestors.has(real)) {
    throw new UserError(`a class folder must not contain a link to itself or a folder above it. Received: a symlink loop back to ${real}.`, { code: 'DATA_SYMLINK_LOOP', file: dir });
  }
  ancestors.add(real);
  const names = (await fs.readdir(dir)).sort();
  for (const name of names) {
    const path = join(dir, name);
    const stats = await statOrFail(path, 'every entry of a class folder must be readable');
    if (stats.isDirectory()) await walk(path, ancestors, found);
    else if (stats.isFile() && isImage(name)) found.push({ path, stats });
  }
  ancestors.delete(real);
}

/**
 * Reads a Keras-style class-folder tree: one subfolder per class, labels in alphabetical order
 * of the folder names. No subfolder, or a class without a PNG/JPEG, is a {@link UserError}.
 */
export async function scanClassFolders(root: string, role = 'dataset.path'): Promise<ClassFolders> {
  const stats = await statOrFail(root, `${role} must be a folder with one subfolder of images per class`);
  if (!stats.isDirectory()) {
    throw new UserError(`${role} must be a folder with one subfolder of images per class. Received: a file.`, { code: 'DATA_NOT_A_FOLDER', file: root });
  }
  const classNames: string[] = [];
  let looseImages = 0;
  for (const name of (await fs.readdir(root)).sort()) {
    const entry = await statOrFail(join(root, name), `every entry of ${role} must be readable`);
    if (entry.isDirectory()) classNames.push(name);
    else if (isImage(name)) looseImages += 1;
  }
  if (classNames.length === 0) {
    throw new UserError(`${role} must hold one subfolder of images per class (as Keras's image_dataset_from_directory). Received: no subfolders${looseImages > 0 ? ` (${looseImages} images directly inside)` : ''}.`, {
      code: 'DATA_NO_CLASSES',
      file: root,
      hint: 'Put each class in its own folder, e.g. photos/cats/, photos/dogs/.',
    });
  }
  const entries: ImageEntry[] = [];
  const counts: number[] = [];
  for (const [label, name] of classNames.entries()) {
    const found: Array<{ path: string; stats: Stats }> = [];
    await walk(join(root, name), new Set([await fs.realpath(root)]), found);
    if (found.length === 0) {
      throw new UserError(`every class folder must hold at least one image (${IMAGE_EXTENSIONS.join(', ')}). Received: none in class "${name}".`, { code: 'DATA_EMPTY_CLASS', file: join(root, name) });
    }
    counts.push(found.length);
    for (const { path, stats: file } of found) {
      entries.push({ file: relative(root, path).split('\\').join('/'), path, label, size: file.size, mtimeMs: file.mtimeMs });
    }
  }
  return { root, classNames, entries, counts };
}

/**
 * The images `kerasts predict` was given: files as they are, folders replaced by every PNG/JPEG
 * inside (recursively, in sorted order). A folder without images is a {@link UserError}.
 */
export async function expandImagePaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const stats = await fs.stat(path).catch(() => undefined);
    if (!stats?.isDirectory()) {
      out.push(path);
      continue;
    }
    const found: Array<{ path: string; stats: Stats }> = [];
    await walk(path, new Set(), found);
    if (found.length === 0) {
      throw new UserError(`a folder given to predict must hold PNG or JPEG images (${IMAGE_EXTENSIONS.join(', ')}). Received: none.`, { code: 'DATA_NO_IMAGES', file: path });
    }
    out.push(...found.map((item) => item.path));
  }
  return out;
}
