/**
 * The one entry point for reading a Keras file of any format: the format is told by the
 * file's first bytes (HDF5 signature, zip signature, else JSON), never by its name.
 */
import { promises as fs } from 'node:fs';
import { UserError } from '../../errors.js';
import { MAX_JSON_BYTES } from '../../util/limits.js';
import { isKerasJson, readKerasJson } from './json-file.js';
import type { KerasFileModel } from './keras-file.js';

export type { KerasFileModel, KerasWeight } from './keras-file.js';
export { modelFromKerasFile } from './build.js';
export { isKerasJson } from './json-file.js';

/** The HDF5 format signature, at byte 0 of every file Keras's h5py writes. */
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A zip's local file header signature, at byte 0 of a `.keras` archive. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export type KerasBinaryKind = 'hdf5' | 'zip';

/** What a file's first bytes say it is: HDF5, zip, or neither (undefined). */
export function kerasBinaryKind(head: Uint8Array): KerasBinaryKind | undefined {
  const starts = (signature: Buffer) => head.length >= signature.length && signature.every((byte, i) => head[i] === byte);
  if (starts(HDF5_SIGNATURE)) return 'hdf5';
  return starts(ZIP_SIGNATURE) ? 'zip' : undefined;
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length = 8): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Whether a file is a Keras model (by its signature, or Keras JSON inside): for a spec's
 * `model` path, which may name a tfjs model.json or a Keras file. False for anything
 * unreadable or over MAX_JSON_BYTES of non-Keras text, which the tfjs loader then reports.
 */
export async function isKerasModelFile(path: string): Promise<boolean> {
  const stat = await fs.stat(path).catch(() => undefined);
  if (stat === undefined || !stat.isFile()) return false;
  if (kerasBinaryKind(await readHead(path)) !== undefined) return true;
  if (stat.size > MAX_JSON_BYTES) return false;
  try {
    return isKerasJson(JSON.parse(await fs.readFile(path, 'utf8')));
  } catch {
    return false;
  }
}

/** Reads any Keras model file; `label` is the path as the user wrote it, for messages. */
export async function readKerasFile(path: string, label: string = path): Promise<KerasFileModel> {
  const kind = kerasBinaryKind(await readHead(path).catch(() => new Uint8Array()));
  if (kind === 'hdf5') {
    throw new UserError('is a Keras HDF5 file (.h5); reading those is not supported yet. Give the model JSON (model.to_json()) instead.', { code: 'KERAS_FORMAT_UNSUPPORTED', file: label });
  }
  if (kind === 'zip') {
    throw new UserError('is a zip (a Keras 3 .keras archive?); reading those is not supported yet. Give the model JSON instead.', { code: 'KERAS_FORMAT_UNSUPPORTED', file: label });
  }
  return readKerasJson(path, label);
}
