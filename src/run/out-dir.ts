/**
 * Where a run may be written, checked before any data is loaded (issue 11.8): a `--out` that
 * is a file, lies under a read-only or unwritable folder, on /proc or /sys, or is too long is
 * one line and exit 2 at once, not a Node error after minutes of loading.
 */
import { constants, promises as fs } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { describeFileSystemError, pseudoFileSystem } from '../util/fs-error.js';
import { kindOf } from '../util/read-file.js';

/** Linux's PATH_MAX and NAME_MAX, in bytes: longer paths fail in every system call. */
const MAX_PATH_BYTES = 4095;
const MAX_NAME_BYTES = 255;

function refuse(dir: string, flag: string, received: string, hint?: string): UserError {
  return new UserError(`${flag} must be a directory kerasts can create and write. Received: ${received}.`, { code: 'OUT_UNUSABLE', file: dir, hint });
}

/** The nearest of `path` and its ancestors that exists, with its stats. */
async function nearestExisting(path: string, dir: string): Promise<{ path: string; isDirectory: boolean; what: string }> {
  for (let current = path; ; current = dirname(current)) {
    try {
      const stat = await fs.stat(current);
      return { path: current, isDirectory: stat.isDirectory(), what: stat.isFile() ? 'a file' : kindOf(stat) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: some ancestor is a file; going up finds it.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || current === dirname(current)) throw describeFileSystemError(error, `${dir} cannot be used`);
    }
  }
}

/**
 * Checks that `dir` can become (or already is) a run directory: a directory, or a path whose
 * nearest existing ancestor is a writable directory on an ordinary file system. `flag` names
 * where the path came from in messages (`--out`, `output.dir`).
 */
export async function checkOutDir(dir: string, flag = '--out'): Promise<void> {
  const absolute = resolve(dir);
  const longName = absolute.split(sep).find((name) => Buffer.byteLength(name) > MAX_NAME_BYTES);
  if (Buffer.byteLength(absolute) > MAX_PATH_BYTES || longName !== undefined) {
    const what = longName === undefined ? `a path of ${Buffer.byteLength(absolute)} bytes` : `a name of ${Buffer.byteLength(longName)} bytes`;
    throw refuse(dir, flag, `${what} (at most ${MAX_PATH_BYTES} bytes a path and ${MAX_NAME_BYTES} a name)`, 'Use a shorter path.');
  }
  const pseudo = await pseudoFileSystem(absolute);
  if (pseudo !== undefined) throw refuse(dir, flag, `a path on the ${pseudo} pseudo file system, which holds no ordinary files`, 'Write the run to a disk folder.');
  const existing = await nearestExisting(absolute, dir);
  if (!existing.isDirectory) {
    const what = existing.path === absolute ? existing.what : `a path through ${relative(process.cwd(), existing.path) || existing.path}, which is ${existing.what}`;
    throw refuse(dir, flag, what, `Choose another ${flag}.`);
  }
  const existingPseudo = await pseudoFileSystem(existing.path);
  if (existingPseudo !== undefined) throw refuse(dir, flag, `a path on the ${existingPseudo} pseudo file system`, 'Write the run to a disk folder.');
  try {
    await fs.access(existing.path, constants.W_OK | constants.X_OK);
  } catch (error) {
    const described = describeFileSystemError(error);
    const reason = described instanceof UserError ? described.message.replace(/^[^:]+: /, '').replace(/\.$/, '') : String(error);
    throw refuse(dir, flag, `${reason} in ${existing.path === absolute ? 'it' : existing.path}`, described instanceof UserError ? described.hint : undefined);
  }
}

/**
 * Creates `dir` and its missing parents one `mkdir` at a time (Node's recursive mkdir loops
 * forever under /proc), returning the topmost folder it created, or undefined if `dir` existed.
 */
export async function makeDirs(dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    const stat = await fs.stat(current).catch(() => undefined);
    if (stat !== undefined || current === dirname(current)) break;
    missing.unshift(current);
  }
  let created: string | undefined;
  for (const path of missing) {
    try {
      await fs.mkdir(path);
      created ??= path;
    } catch (error) {
      // Made by another process meanwhile (a parent, or the run dir itself: its lock decides).
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw describeFileSystemError(error, 'could not create the run directory');
    }
  }
  return created;
}

/**
 * A new run's directory must be new, empty, or hold only a run's own files (`isRunFile`: what
 * a run killed before its first checkpoint left, which a new train may reuse): a folder
 * holding anything else — the runs/ folder itself, a dataset, notes — would get the run's
 * files mixed in, and "latest run" lookups would take its checkpoint folders for runs.
 */
export async function checkOutDirEmpty(dir: string, flag: string, isRunFile: (name: string) => boolean): Promise<void> {
  const entries = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw describeFileSystemError(error, `${dir} cannot be used`);
  });
  const others = entries.filter((name) => !isRunFile(name)).sort();
  if (others.length === 0) return;
  const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? `, ... (${others.length} entries)` : '');
  throw new UserError(`${flag} must be a new or empty folder for a new run, so that its files are not mixed with others. Received: a folder holding ${shown}.`, {
    code: 'OUT_NOT_EMPTY',
    file: dir,
    hint: `Choose a new folder (e.g. ${dir.replace(/\/+$/, '')}/mine), or leave out ${flag} to get a new folder under runs/.`,
  });
}
