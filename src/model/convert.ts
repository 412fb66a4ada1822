/**
 * `kerasts convert`: any model kerasts reads, written as a tfjs layers folder, a Keras 2 HDF5
 * file or a Keras 3 `.keras` archive. The output is checked before the model is loaded, and
 * written whole or not at all: files through a temporary name and a rename, a new tfjs folder
 * as a temporary sibling folder renamed into place.
 */
import type * as tf from '@tensorflow/tfjs';
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { MODEL_JSON, saveModelToDir, WEIGHTS_BIN } from '../io/file-io.js';
import { kerasArchiveBytes } from '../keras/write/keras-archive.js';
import { kerasH5Bytes } from '../keras/write/h5-write.js';
import { keras2TrainingConfig } from '../keras/write/keras2-config.js';
import { RunDirectory, resolveModelInput, runDirOfModel } from '../run/index.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { loadSpec } from '../spec/load.js';
import type { CompileSpec } from '../spec/schema.js';
import { fsyncDir, writeFileAtomic } from '../util/atomic-write.js';
import { describeFileSystemError, pseudoFileSystem } from '../util/fs-error.js';
import { loadInputModel } from './run-summary.js';

export const CONVERT_TARGETS = ['tfjs', 'h5', 'keras'] as const;
export type ConvertTarget = (typeof CONVERT_TARGETS)[number];

/** The file extensions each file target is written with (Keras 3 refuses any other for `.keras`). */
const TARGET_EXTENSIONS: Record<Exclude<ConvertTarget, 'tfjs'>, readonly string[]> = { h5: ['.h5', '.hdf5'], keras: ['.keras'] };

/** What `--out` alone says: `.h5`/`.hdf5` → h5, `.keras` → keras, anything else names a folder → tfjs. */
export function targetOfPath(out: string): ConvertTarget {
  const ext = extname(out).toLowerCase();
  if (TARGET_EXTENSIONS.h5.includes(ext)) return 'h5';
  if (TARGET_EXTENSIONS.keras.includes(ext)) return 'keras';
  return 'tfjs';
}

/** The target from `--to` and `--out`; a `--to` that `--out`'s extension contradicts is exit 2. */
export function convertTarget(out: string, to?: ConvertTarget): ConvertTarget {
  const implied = targetOfPath(out);
  // A mistyped `m.hdf` or `m.json` would otherwise quietly become a tfjs folder of that name
  // (a longer or hyphenated suffix, `m.h5-tfjs`, reads as a folder name).
  if (to === undefined && implied === 'tfjs' && /^\.[a-z0-9]{1,5}$/i.test(extname(out))) {
    throw new UserError(`must end in .h5 or .hdf5 (Keras 2), .keras (Keras 3), or name a tfjs folder without an extension. Received: ${out}.`, {
      code: 'BAD_OPTION',
      location: '--out',
      hint: 'For a tfjs folder whose name has a dot in it, add --to tfjs.',
    });
  }
  if (to === undefined || to === implied) return implied;
  const wanted = to === 'tfjs' ? 'a folder path (no .h5, .hdf5 or .keras extension)' : `a path ending in ${TARGET_EXTENSIONS[to].join(' or ')}`;
  throw new UserError(`must be ${wanted} for --to ${to}. Received: ${out}, which means --to ${implied}.`, {
    code: 'BAD_OPTION',
    location: '--out',
    hint: `Drop --to (it follows from --out), or give --out a name that says ${to}.`,
  });
}

async function statOrUndefined(path: string) {
  return fs.stat(path).catch(() => undefined);
}

/**
 * Checks `out` before anything is loaded: its folder must exist and be writable, and an
 * existing output (a file, or a folder holding anything) is replaced only with `--force`.
 */
export async function checkConvertOut(out: string, target: ConvertTarget, force: boolean): Promise<void> {
  const parent = dirname(out);
  const parentStat = await statOrUndefined(parent);
  if (!parentStat?.isDirectory()) {
    throw new UserError(`its folder must exist. Received: ${out} (no directory ${parent}).`, { code: 'OUTPUT_DIR_MISSING', location: '--out' });
  }
  const pseudo = await pseudoFileSystem(parent);
  if (pseudo !== undefined) {
    throw new UserError(`must be on an ordinary file system. Received: ${out}, on the ${pseudo} pseudo file system.`, { code: 'OUT_UNUSABLE', location: '--out' });
  }
  try {
    await fs.access(parent, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw describeFileSystemError(error, 'cannot write');
  }
  const stat = await statOrUndefined(out);
  if (stat === undefined) return;
  if (target === 'tfjs' && !stat.isDirectory()) {
    throw new UserError(`must be a folder for a tfjs model (model.json and weights.bin go inside). Received: ${out}, a file.`, { code: 'BAD_OPTION', location: '--out' });
  }
  if (target !== 'tfjs' && stat.isDirectory()) {
    throw new UserError(`must be a file path for --to ${target}. Received: ${out}, a directory.`, { code: 'BAD_OPTION', location: '--out' });
  }
  const occupied = target !== 'tfjs' || (await fs.readdir(out)).length > 0;
  if (occupied && !force) {
    const what = target === 'tfjs' ? 'a folder that is not empty' : 'a file that exists';
    throw new UserError(`must not be an existing model. Received: ${out}, ${what}.`, { code: 'OUTPUT_EXISTS', location: '--out', hint: 'Pass --force to replace it, or choose another --out.' });
  }
}

/** The compile section behind the input, when there is one: a spec's, or a run's spec.json. */
async function compileOf(input: string | undefined): Promise<CompileSpec | undefined> {
  const resolved = await resolveModelInput(input);
  if (resolved.kind === 'spec') return (await loadSpec(resolved.label)).spec.compile;
  if (resolved.kind !== 'model') return undefined;
  const runDir = runDirOfModel(resolved.modelPath);
  if (runDir === undefined) return undefined;
  return (await new RunDirectory(runDir).readSpec()).compile;
}

/**
 * Saves `model` as a tfjs folder: a new folder is written under a temporary sibling name and
 * renamed into place (an empty one is replaced the same way); an existing model folder
 * (`--force`) gets weights.bin, then model.json, each atomically, as `kerasts train` writes them.
 */
async function writeTfjsFolder(model: tf.LayersModel, out: string): Promise<void> {
  const existing = await statOrUndefined(out);
  if (existing !== undefined && (await fs.readdir(out)).length > 0) {
    await saveModelToDir(model, out);
    return;
  }
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await saveModelToDir(model, temp);
    await fsyncDir(temp);
    await fs.rename(temp, out);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  await fsyncDir(dirname(out));
}

export interface ConvertOptions {
  /** A run directory, model.json or spec (as `summary` takes it); undefined means the latest run. */
  input?: string;
  out: string;
  to?: ConvertTarget;
  force: boolean;
  imageDimOrdering: ImageDimOrdering;
}

export interface ConvertResult {
  out: string;
  to: ConvertTarget;
  /** The files written, relative to `out` for a folder. */
  files: string[];
  bytes: number;
  layers: number;
  params: number;
}

/** Converts `options.input` into `options.out` (see the module comment). */
export async function runConvert(options: ConvertOptions): Promise<ConvertResult> {
  const to = convertTarget(options.out, options.to);
  await checkConvertOut(options.out, to, options.force);
  const model = await loadInputModel({ input: options.input, imageDimOrdering: options.imageDimOrdering });
  try {
    const summary = { out: options.out, to, layers: model.layers.length, params: model.countParams() };
    if (to === 'tfjs') {
      await writeTfjsFolder(model, options.out);
      const sizes = await Promise.all([MODEL_JSON, WEIGHTS_BIN].map(async (file) => (await fs.stat(join(options.out, file))).size));
      return { ...summary, files: [MODEL_JSON, WEIGHTS_BIN], bytes: sizes[0]! + sizes[1]! };
    }
    const bytes = await fileBytes(model, to, options.input);
    await writeFileAtomic(options.out, bytes);
    return { ...summary, files: [basename(options.out)], bytes: bytes.length };
  } finally {
    model.dispose();
  }
}

/** The bytes of a Keras file target; an .h5 gets the training config the input's spec gives. */
async function fileBytes(model: tf.LayersModel, to: 'h5' | 'keras', input: string | undefined): Promise<Uint8Array> {
  if (to === 'keras') return kerasArchiveBytes(model);
  const compile = await compileOf(input);
  const trainingConfig = compile === undefined ? undefined : keras2TrainingConfig(compile);
  return kerasH5Bytes(model, { trainingConfig });
}

/** The one line `convert` prints without `--json`. */
export function describeConvert(result: ConvertResult): string {
  const format = { tfjs: 'tfjs layers model', h5: 'Keras 2 HDF5', keras: 'Keras 3 archive' }[result.to];
  const what = result.to === 'tfjs' ? `${result.files.join(' + ')}, ` : '';
  return `Wrote ${result.out} (${format}, ${what}${result.layers} layers, ${result.params.toLocaleString('en-US')} params, ${result.bytes} bytes)`;
}
