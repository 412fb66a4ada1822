import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { kindOf } from './read-file.js';

/** The name pattern of writeFileAtomic's temporary files, so a later start can remove those a kill left behind. */
export const ATOMIC_TEMP_PATTERN = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Flushes directory `dir` itself to disk, so a rename or a new entry in it survives a power
 * loss. Some platforms (Windows) cannot open a directory for fsync; there the rename is all
 * the file system offers, so those errors are ignored.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to a new file `path` and flushes it to disk before returning. A failed write
 * through the handle (ENOSPC, EIO) carries no path of its own: it is given `path`, so the
 * message names where the disk filled up.
 */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    const failed = error as NodeJS.ErrnoException;
    if (failed instanceof Error && typeof failed.code === 'string' && failed.path === undefined) failed.path = path;
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Refuses to write over what is not a regular file (or a link, which the rename replaces):
 * renaming over a FIFO or a device node replaces the node itself, and as root that is
 * `--out /dev/null` deleting /dev/null. Other lstat failures are left to the write to report.
 */
async function checkReplaceable(path: string): Promise<void> {
  const stat = await fs.lstat(path).catch(() => undefined);
  if (stat === undefined || stat.isFile() || stat.isSymbolicLink()) return;
  throw new UserError(`must be a regular file to be written. Received: ${kindOf(stat)}.`, { code: 'OUTPUT_NOT_A_FILE', file: path, hint: 'Choose another output path.' });
}

/**
 * Writes `data` to `path` through a temporary file in the same directory and a rename,
 * so a crash never leaves half a file and an existing file is replaced only when whole.
 * The data is flushed before the rename (else a power loss could rename an empty file into
 * place) and the directory after it (else the rename itself could be lost).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await checkReplaceable(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFileDurable(temp, data);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
}
