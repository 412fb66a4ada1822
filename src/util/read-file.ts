import { constants, promises as fs, type Stats } from 'node:fs';
import { RuntimeFailure, UserError } from '../errors.js';

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

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
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

/**
 * Reads a whole input file, but only a regular one of at most `maxBytes`: a device
 * (`/dev/zero`, `/dev/urandom`), a pipe or a directory is refused after one `stat`, before
 * any byte is read, and a file that grows while it is read is refused too, so
 * memory stays bounded by the limit whatever the path names.
 */
export async function readRegularFile(path: string, options: ReadFileOptions): Promise<Buffer> {
  let stat: Stats;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw failure(error, path, options);
  }
  if (!stat.isFile()) {
    throw new UserError(`the ${options.what} must be a regular file. Received: ${kindOf(stat)}.`, { code: options.code, file: path });
  }
  const tooBig = (size: string): UserError =>
    new UserError(`the ${options.what} must be at most ${formatLimit(options.maxBytes)}. Received: ${size}.`, { code: options.code, file: path });
  if (stat.size > options.maxBytes) throw tooBig(`${stat.size} bytes`);
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a path swapped for a FIFO after the stat must not block the open.
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw failure(error, path, options);
  }
  try {
    // One byte more than the stat said: filling it means the file grew while it was read.
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) {
        throw new UserError(`the ${options.what} must not change while it is read. Received: more than the ${stat.size} bytes it had.`, { code: options.code, file: path });
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
