import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

const BLOCK = 512;

/** Reads a NUL-terminated field of a tar header. */
function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/**
 * Extracts chosen members of a gzip-compressed tar archive (ustar, as `tar` writes it)
 * without unpacking the rest. `pick` maps a member's path to the file to write it to, or
 * undefined to skip it; each member is written atomically. Enough of tar for the CIFAR-10
 * archive: regular files, with the ustar prefix field and GNU long names honoured.
 * Returns the paths written.
 */
export async function extractTarGz(archive: string, pick: (member: string) => string | undefined): Promise<string[]> {
  const source = createReadStream(archive, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  source.on('error', (error) => gunzip.destroy(error));
  const stream = source.pipe(gunzip);
  const written: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0; // offset of `pending` in the tar stream, for error messages
  let longName: string | undefined;
  // The current member: bytes still to consume (data + padding), and where its data goes.
  let member: { name: string; left: number; padded: number; data?: Buffer; filled: number; dest?: string } | undefined;
  let ended = false;
  const fail = (message: string, at: number): UserError =>
    new UserError(message, { file: archive, location: `byte ${at} of the decompressed tar`, code: 'DATA_BAD_ARCHIVE' });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!ended) {
        if (member !== undefined) {
          const take = Math.min(member.padded, pending.length);
          if (take === 0 && member.padded > 0) break;
          const useful = Math.min(take, member.left);
          if (member.data && useful > 0) pending.copy(member.data, member.filled, 0, useful);
          member.filled += useful;
          member.left -= useful;
          member.padded -= take;
          pending = pending.subarray(take);
          offset += take;
          if (member.padded > 0) break;
          if (member.name === '././@LongLink' && member.data) longName = field(member.data, 0, member.data.length);
          else if (member.dest && member.data) {
            await writeFileAtomic(member.dest, member.data);
            written.push(member.dest);
          }
          member = undefined;
          continue;
        }
        if (pending.length < BLOCK) break;
        const header = pending.subarray(0, BLOCK);
        if (header.every((byte) => byte === 0)) {
          ended = true;
          break;
        }
        const size = parseInt(field(header, 124, 12).trim() || '0', 8);
        if (!Number.isFinite(size) || size < 0) throw fail(`a tar header must hold an octal size. Received: "${field(header, 124, 12)}".`, offset + 124);
        const type = String.fromCharCode(header[156]!);
        const prefix = field(header, 345, 155);
        const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
        longName = undefined;
        const isLongName = type === 'L';
        const dest = (type === '0' || type === '\0') ? pick(name) : undefined;
        member = {
          name: isLongName ? '././@LongLink' : name,
          left: size,
          padded: Math.ceil(size / BLOCK) * BLOCK,
          data: dest !== undefined || isLongName ? Buffer.allocUnsafe(size) : undefined,
          filled: 0,
          dest,
        };
        pending = pending.subarray(BLOCK);
        offset += BLOCK;
      }
      if (ended) break;
    }
  } catch (error) {
    stream.destroy();
    source.destroy();
    if (error instanceof UserError) throw error;
    throw fail(`the archive must be a complete tar.gz. Received: ${(error as Error).message}.`, offset);
  }
  stream.destroy();
  source.destroy();
  if (member !== undefined) throw fail(`the archive ends inside member ${member.name}. Received: a truncated archive.`, offset);
  return written;
}
