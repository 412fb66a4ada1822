/**
 * The one entry point for reading a Keras file of any format: the format is told by the
 * file's first bytes (HDF5 signature, zip signature, else JSON), never by its name.
 */
import { promises as fs } from 'node:fs';
import { UserError } from '../../errors.js';
import { MAX_JSON_BYTES } from '../../util/limits.js';
import { openRegularFile } from '../../util/read-file.js';
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

/** What a file's name says it is (`.h5`/`.hdf5`, `.keras`), for a clearer message when its bytes disagree. */
export function kerasBinaryName(path: string): KerasBinaryKind | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.h5') || name.endsWith('.hdf5')) return 'hdf5';
  return name.endsWith('.keras') ? 'zip' : undefined;
}

/** A file named as a Keras binary whose first bytes are not that format's signature. */
function misnamed(named: KerasBinaryKind, head: Uint8Array, label: string): UserError {
  const bytes = Array.from(head.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ') || 'none, it is empty';
  const expected = named === 'hdf5' ? 'a Keras HDF5 file, so it must start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a' : 'a Keras .keras archive (a zip), so it must start with 50 4b 03 04';
  return new UserError(`is named as ${expected}. Received: first bytes ${bytes}.`, { code: named === 'hdf5' ? 'KERAS_H5_INVALID' : 'KERAS_ARCHIVE_INVALID', file: label });
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length = 8): Promise<Uint8Array> {
  // Even 8 bytes only from a regular file on a disk: `/proc/self/mem` or a FIFO must be refused, not read.
  const { handle } = await openRegularFile(path, { what: 'model file', code: 'INPUT_INVALID', maxBytes: Number.MAX_SAFE_INTEGER });
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

/** A weights-only Keras HDF5 file (`save_weights`) for a model whose own file has no weights (`--weights w.h5`). */
export interface KerasWeightsSource {
  path: string;
  /** The path as the user wrote it, for messages. */
  label?: string;
}

// The HDF5 readers are imported only when a binary file is read: loading h5wasm's
// WebAssembly takes about 270 ms and 27 MB, which every other command would pay at startup.
async function readByKind(kind: KerasBinaryKind | undefined, path: string, label: string): Promise<KerasFileModel> {
  if (kind === 'hdf5') return (await import('./h5-file.js')).readKerasH5(path, label);
  if (kind === 'zip') return (await import('./keras-archive.js')).readKerasArchive(path, label);
  return readKerasJson(path, label);
}

/**
 * Reads any Keras model file (JSON, HDF5 or .keras, told by its first bytes); `label` is the
 * path as the user wrote it, for messages. With `weights`, that HDF5 file's weights replace
 * the model file's, converted by the model's config as Keras's `load_weights` would.
 */
export async function readKerasFile(path: string, label: string = path, weights?: KerasWeightsSource): Promise<KerasFileModel> {
  const head = await readHead(path).catch(() => undefined);
  const kind = head === undefined ? undefined : kerasBinaryKind(head);
  const named = kerasBinaryName(path);
  if (head !== undefined && kind === undefined && named !== undefined) throw misnamed(named, head, label);
  const model = await readByKind(kind, path, label);
  if (weights === undefined) return model;
  if (model.config === undefined) {
    throw new UserError('holds weights only, so --weights has no model to go with; give the model JSON (or a full model file) as the input.', { code: 'KERAS_MODEL_INVALID', file: label });
  }
  const weightsFile = weights.label ?? weights.path;
  const { readKerasWeightsH5 } = await import('./h5-file.js');
  return { ...model, weights: await readKerasWeightsH5(weights.path, model.config, weightsFile), weightsFile };
}
