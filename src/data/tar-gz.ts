import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { list, type ReadEntry } from 'tar';
import { UserError } from '../errors.js';

/** A member being written: its temporary file beside the destination, and its stream. */
interface Pending {
  temp: string;
  out: ReturnType<typeof createWriteStream>;
  done: Promise<void>;
}

/** Bytes read from the archive at a time (node-tar's default is 16 MiB). */
const READ_CHUNK = 1 << 20;

function tempBeside(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Extracts chosen members of a gzip-compressed tar archive without unpacking the rest, with
 * node-tar (`tar`), which checks every header's checksum and honours pax and GNU long-name
 * headers. `pick` maps a member's path to the file to write it to, or undefined to skip it.
 * Each member streams to a temporary file and is renamed when whole, so memory stays bounded
 * whatever the archive holds; on any failure nothing extracted is left behind. Returns the
 * paths written.
 */
export async function extractTarGz(archive: string, pick: (member: string) => string | undefined): Promise<string[]> {
  const written: string[] = [];
  const pending: Pending[] = [];
  let failed = false;
  const onReadEntry = (entry: ReadEntry): void => {
    const dest = entry.type === 'File' || entry.type === 'OldFile' ? pick(entry.path) : undefined;
    if (dest === undefined) return;
    const temp = tempBeside(dest);
    const out = createWriteStream(temp);
    // 'finish', not 'close': a stream destroyed after a failure closes without finishing.
    const done = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    }).then(async () => {
      if (failed) return;
      await fs.rename(temp, dest);
      written.push(dest);
    });
    done.catch(() => undefined); // awaited below; this only keeps an early error from being "unhandled"
    pending.push({ temp, out, done });
    entry.pipe(out);
  };
  try {
    // strict: a bad checksum, a truncated archive or broken gzip data is an error, not a warning.
    await list({ file: archive, strict: true, onReadEntry, maxReadSize: READ_CHUNK });
    await Promise.all(pending.map((member) => member.done));
  } catch (error) {
    failed = true;
    for (const member of pending) member.out.destroy();
    await Promise.all([...pending.map((member) => fs.rm(member.temp, { force: true })), ...written.map((path) => fs.rm(path, { force: true }))]);
    const message = (error as Error).message.replace(/\s+/g, ' ').replace(/\.$/, '');
    throw new UserError(`the archive must be a complete, uncorrupted tar.gz. Received: ${message}.`, { file: archive, code: 'DATA_BAD_ARCHIVE' });
  }
  return written;
}
