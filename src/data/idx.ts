import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import { openRegularFile } from '../util/read-file.js';

/** Element types an IDX file can declare in its third magic byte. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed array matching an {@link IdxDtype}. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file: its element type, its dimensions (outermost first) and its elements. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: IdxData;
}

const DTYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Larger declared sizes are refused before allocating: no real IDX file comes near 2 GiB. */
const MAX_DATA_BYTES = 2 ** 31 - 1;
/** A gzip of MAX_DATA_BYTES is smaller, an uncompressed file a header longer: no real IDX file is larger. */
const MAX_IDX_FILE_BYTES = MAX_DATA_BYTES + 4 + 4 * 255;

function badData(file: string, location: string, message: string, code = 'DATA_INVALID'): UserError {
  return new UserError(message, { file, location, code });
}

/** True when the file starts with the gzip magic bytes (so `.gz` need not be in the name). */
async function isGzip(handle: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(2);
  const { bytesRead } = await handle.read(head, 0, 2, 0);
  return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * One open of a checked regular file for the sniff and the stream: a FIFO or device never
 * reaches a read, whatever located the path.
 */
async function openIdx(path: string): Promise<{ handle: FileHandle; fileSize: number; gzip: boolean }> {
  const { handle, size } = await openRegularFile(path, { what: 'IDX file', code: 'DATA_MISSING', maxBytes: MAX_IDX_FILE_BYTES });
  try {
    return { handle, fileSize: size, gzip: await isGzip(handle) };
  } catch (error) {
    await handle.close();
    throw new UserError(`the IDX file must be readable. Received: ${(error as Error).message}.`, { file: path, code: 'DATA_MISSING' });
  }
}

/** Parses the fixed part of the header; returns undefined until enough bytes have arrived. */
function parseHeader(file: string, head: Buffer): { dtype: IdxDtype; bytes: number; shape: number[]; length: number } | undefined {
  if (head.length < 4) return undefined;
  if (head[0] !== 0 || head[1] !== 0 || DTYPES[head[2]!] === undefined || head[3] === 0) {
    throw badData(
      file,
      'byte 0',
      'the IDX magic number must be two zero bytes, a type byte (0x08 uint8 ... 0x0E float64) and a dimension count ' +
        `(0x00000803 for images, 0x00000801 for labels). Received: 0x${head.subarray(0, 4).toString('hex')}.`,
      'DATA_BAD_MAGIC',
    );
  }
  const ndims = head[3]!;
  const length = 4 + 4 * ndims;
  if (head.length < length) return undefined;
  const shape: number[] = [];
  for (let i = 0; i < ndims; i += 1) shape.push(head.readUInt32BE(4 + 4 * i));
  const { dtype, bytes } = DTYPES[head[2]!]!;
  return { dtype, bytes, shape, length };
}

/** Converts the big-endian element bytes to a native typed array (uint8/int8 need no copy). */
function toTyped(dtype: IdxDtype, raw: Buffer): IdxData {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    case 'int8':
      return new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    case 'int16':
      return Int16Array.from({ length: raw.byteLength / 2 }, (_, i) => view.getInt16(2 * i));
    case 'int32':
      return Int32Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getInt32(4 * i));
    case 'float32':
      return Float32Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(4 * i));
    case 'float64':
      return Float64Array.from({ length: raw.byteLength / 8 }, (_, i) => view.getFloat64(8 * i));
  }
}

/**
 * Reads an IDX file (the MNIST format), gzip-compressed or not, by streaming it into one
 * buffer sized from its header, so the data is never held twice. Checks the magic number,
 * and that the data length is exactly what the dimensions declare; a truncated `.gz` or a
 * short or long file is a {@link UserError} naming the file and the byte offset.
 */
export async function readIdx(path: string): Promise<IdxArray> {
  const { handle, fileSize, gzip } = await openIdx(path);
  const source = handle.createReadStream({ highWaterMark: 1 << 20, start: 0 });
  let stream: Readable = source;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    source.on('error', (error) => gunzip.destroy(error));
    stream = source.pipe(gunzip);
  }
  const where = gzip ? ' of the decompressed data' : '';
  let head: Buffer = Buffer.alloc(0);
  let header: ReturnType<typeof parseHeader>;
  let data: Buffer | undefined;
  let filled = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let rest = chunk;
      if (data === undefined) {
        head = Buffer.concat([head, chunk]);
        header = parseHeader(path, head);
        if (header === undefined) continue;
        const declared = header.shape.reduce((a, b) => a * b, 1) * header.bytes;
        if (declared > MAX_DATA_BYTES || (!gzip && declared !== fileSize - header.length)) {
          throw badData(
            path,
            `byte ${header.length}`,
            `the IDX header declares dimensions ${header.shape.join('x')} of ${header.dtype}, so the data must be ${declared} bytes. ` +
              `Received: a file with ${fileSize - header.length} bytes after the header.`,
            'DATA_SIZE_MISMATCH',
          );
        }
        data = Buffer.allocUnsafe(declared);
        rest = head.subarray(header.length);
        head = Buffer.alloc(0);
      }
      if (filled + rest.length > data.length) {
        throw badData(
          path,
          `byte ${header!.length + data.length}${where}`,
          `the IDX header declares ${data.length} bytes of data (dimensions ${header!.shape.join('x')}), so the file must end here. Received: more data.`,
          'DATA_SIZE_MISMATCH',
        );
      }
      rest.copy(data, filled);
      filled += rest.length;
    }
  } catch (error) {
    stream.destroy();
    source.destroy();
    if (error instanceof UserError) throw error;
    const offset = (header?.length ?? 0) + filled;
    throw badData(
      path,
      `byte ${offset}${where}`,
      `the file must be a complete gzip stream${header ? ` holding ${header.length + (data?.length ?? 0)} bytes` : ''}. ` +
        `Received: ${(error as Error).message} (a truncated or corrupt .gz; delete it and fetch it again).`,
      'DATA_TRUNCATED',
    );
  }
  if (header === undefined || data === undefined) {
    throw badData(path, `byte ${head.length}${where}`, `an IDX file must start with a header of at least 8 bytes. Received: ${head.length} bytes.`, 'DATA_TRUNCATED');
  }
  if (filled !== data.length) {
    throw badData(
      path,
      `byte ${header.length + filled}${where}`,
      `the IDX header declares ${data.length} bytes of data (dimensions ${header.shape.join('x')}). Received: only ${filled} (the file is truncated).`,
      'DATA_TRUNCATED',
    );
  }
  return { dtype: header.dtype, shape: header.shape, data: toTyped(header.dtype, data) };
}
