import { constants, promises as fs, type Stats } from 'node:fs';
import { RuntimeFailure, UserError } from '../errors.js';
import { pseudoFileSystemName } from './fs-error.js';

/** How to read one input file and how to word its failures. */
export interface ReadFileOptions {
  /** What the file is, for messages: "spec", "settings file", "model file", "PNG image". */
  what: string;
  /** Largest accepted size in bytes; a larger file is refused before it is read. */
  maxBytes: number;
  /** UserError code for a file that cannot be used. */
  code: string;
  /** The error for a missing file, where a command words it its own way. */
  missing?: () => UserError;
}

/** Human units for a byte limit in messages: "64 MiB", "512 bytes". */
export function formatLimit(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** What a non-regular file is, in the words of messages ("a named pipe"). */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What is at a path, for messages ("Received: a named pipe."); `stat` is set where something is. */
export interface PathStatus {
  stat?: Stats;
  /** "a directory", "a file", "a named pipe", ... or why nothing usable is there: "no such file or directory", "a loop of symbolic links". */
  what: string;
  /** Nothing is there (ENOENT), as opposed to a path that cannot be followed. */
  missing: boolean;
}

const PATH_FAULTS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a path through something that is not a directory',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'a name that is too long',
  EACCES: 'permission denied',
};

/** Stats `path` (following links) and words the result, so a loop or a file in the middle of a path is not called "no such directory". */
export async function pathStatus(path: string): Promise<PathStatus> {
  try {
    const stat = await fs.stat(path);
    return { stat, what: stat.isFile() ? 'a file' : kindOf(stat), missing: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { what: PATH_FAULTS[code] ?? (error as Error).message, missing: code === 'ENOENT' };
  }
}

/** Why an fs call failed, as a user's mistake (exit 2) or the machine's (exit 1). */
function failure(error: unknown, path: string, options: ReadFileOptions): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'a path through something that is not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'a loop of symbolic links',
    ENAMETOOLONG: 'a name that is too long',
    EISDIR: 'a directory',
  };
  if (code === 'ENOENT' && options.missing) return options.missing();
  const reason = code === undefined ? undefined : reasons[code];
  if (reason !== undefined) {
    const hint = code === 'EACCES' || code === 'EPERM' ? 'Make the file readable, or name another one.' : undefined;
    return new UserError(`the ${options.what} must be a readable file. Received: ${reason}.`, { code: options.code, file: path, hint });
  }
  return new RuntimeFailure(`could not read the ${options.what}: ${(error as Error).message}.`, { file: path, code: 'READ_FAILED' });
}

/** An open regular input file and its size, as fstat saw it through the descriptor. */
export interface OpenedFile {
  handle: fs.FileHandle;
  size: number;
}

/** The pseudo file system (proc, sysfs, ...) an open descriptor's file lies on, read through its /proc/self/fd link. */
async function pseudoFileSystemOf(handle: fs.FileHandle): Promise<string | undefined> {
  const stats = await fs.statfs(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  return stats === undefined ? undefined : pseudoFileSystemName(stats.type);
}

/** Refuses what is not a regular file on an ordinary file system: `stat` from fstat of the open descriptor. */
async function checkOpened(handle: fs.FileHandle, stat: Stats, path: string, options: ReadFileOptions): Promise<void> {
  if (!stat.isFile()) {
    throw new UserError(`the ${options.what} must be a regular file. Received: ${kindOf(stat)}.`, { code: options.code, file: path });
  }
  // /proc/self/mem, /sys/... pass as regular files but hold no data of their own (EIO, or
  // sizes that lie): refused before the first read.
  const pseudo = await pseudoFileSystemOf(handle);
  if (pseudo !== undefined) {
    throw new UserError(`the ${options.what} must be a file on a disk. Received: a file of the ${pseudo} pseudo file system.`, { code: options.code, file: path });
  }
  if (stat.size > options.maxBytes) {
    throw new UserError(`the ${options.what} must be at most ${formatLimit(options.maxBytes)}. Received: ${stat.size} bytes.`, { code: options.code, file: path });
  }
}

/**
 * Opens an input file the user named, but only a regular one of at most `maxBytes` on an
 * ordinary file system. A `stat` first refuses devices, pipes and directories without opening
 * them (opening a device can have effects); the open is non-blocking, so a path swapped for a
 * FIFO after the stat cannot hang, and the checks are repeated on the opened descriptor
 * (fstat), so what is read is what was checked. The caller closes the handle.
 */
export async function openRegularFile(path: string, options: ReadFileOptions): Promise<OpenedFile> {
  let handle: fs.FileHandle;
  try {
    const before = await fs.stat(path);
    if (!before.isFile()) {
      throw new UserError(`the ${options.what} must be a regular file. Received: ${kindOf(before)}.`, { code: options.code, file: path });
    }
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw error instanceof UserError ? error : failure(error, path, options);
  }
  try {
    const stat = await handle.stat();
    await checkOpened(handle, stat, path, options);
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error instanceof UserError ? error : failure(error, path, options);
  }
}

/**
 * Reads a whole input file, but only a regular one of at most `maxBytes` (see
 * {@link openRegularFile}); a file that grows while it is read is refused too, so memory
 * stays bounded by the limit whatever the path names.
 */
export async function readRegularFile(path: string, options: ReadFileOptions): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path, options);
  try {
    // One byte more than fstat said: filling it means the file grew while it was read.
    const buffer = Buffer.allocUnsafe(size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) {
        throw new UserError(`the ${options.what} must not change while it is read. Received: more than the ${size} bytes it had.`, { code: options.code, file: path });
      }
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw failure(error, path, options);
  } finally {
    await handle.close();
  }
}
