/**
 * Saving and loading tfjs layers models on the local file system, in the format
 * `tf.loadLayersModel` and tfjs-node's `file://` handler use: `model.json` (topology and a
 * weights manifest) beside `weights.bin`. `@tensorflow/tfjs` without tfjs-node has no
 * `file://` handler, so kerasts brings its own.
 */
import tf from '../util/tfjs.cjs';
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { RuntimeFailure, UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readJsonFile } from '../util/json.js';
import { MAX_WEIGHT_BYTES } from '../util/limits.js';
import { formatLimit, pathStatus, readRegularFile } from '../util/read-file.js';

/** File names inside a saved model directory. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes a manifest entry takes in the weight file (quantised weights are smaller). */
function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const size = entry.shape.reduce((a, b) => a * b, 1);
  const per = BYTES_PER_DTYPE[dtype];
  if (per === undefined) throw new RangeError(`unsupported weight dtype ${dtype}`);
  return size * per;
}

/** An exact ArrayBuffer for a Node Buffer (Node may hand out a slice of a shared pool). */
function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

/**
 * An IOHandler that saves to `dir/model.json` and `dir/weights.bin`, creating `dir` if needed.
 * Weights are written first and each file atomically, so a `model.json` that exists always
 * describes a whole weight file.
 */
export function fileSystemSave(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new RuntimeFailure('fileSystemSave saves layers models only; received a binary (graph) topology.');
      }
      await fs.mkdir(dir, { recursive: true });
      const weightSpecs = artifacts.weightSpecs ?? [];
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: weightSpecs }],
      };
      if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature !== undefined) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFileAtomic(join(dir, MODEL_JSON), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

async function readModelJson(path: string): Promise<tf.io.ModelJSON> {
  const parsed = await readJsonFile(path, {
    what: 'model file',
    code: 'MODEL_NOT_FOUND',
    jsonCode: 'MODEL_INVALID',
    missing: () => new UserError(`The model file must exist. Received: ${path}, which does not exist.`, { code: 'MODEL_NOT_FOUND', file: path }),
  });
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { modelTopology?: unknown }).modelTopology !== 'object') {
    throw new UserError('A model file must be a tfjs layers model.json with a "modelTopology" object. Received: a JSON file without it.', {
      code: 'MODEL_INVALID',
      file: path,
      location: 'modelTopology',
    });
  }
  return parsed as tf.io.ModelJSON;
}

/**
 * The file a manifest's weight path names, which must lie inside the model file's folder:
 * a path such as `../../dev/zero` or `/etc/passwd` would let a downloaded model read any file.
 */
function weightFile(modelPath: string, weightPath: unknown, location: string): string {
  const dir = dirname(resolve(modelPath));
  const full = typeof weightPath === 'string' ? resolve(dir, weightPath) : '';
  const inside = relative(dir, full);
  const escapes = typeof weightPath !== 'string' || weightPath === '' || isAbsolute(weightPath) || /^[a-z][a-z0-9+.-]*:/i.test(weightPath) ||
    inside === '' || inside.startsWith('..') || isAbsolute(inside);
  if (escapes) {
    throw new UserError(`Weight paths must be relative paths inside the model file's folder. Received: ${JSON.stringify(weightPath)}.`, {
      code: 'MODEL_INVALID',
      file: modelPath,
      location,
    });
  }
  return full;
}

/** Reads and checks the weight files a manifest names, relative to the model file's directory. */
async function readWeights(path: string, manifest: tf.io.WeightsManifestConfig): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const noWeights = (received: string, location = 'weightsManifest'): UserError =>
    new UserError(`A model file must come with its weights. Received: ${received}.`, {
      code: 'MODEL_WITHOUT_WEIGHTS',
      file: path,
      location,
      hint: 'Pass a model saved with its weights (model.json beside weights.bin), e.g. a run directory.',
    });
  if (!Array.isArray(manifest) || manifest.length === 0) throw noWeights('a model file without weights (no weightsManifest)');
  const specs = manifest.flatMap((group) => group.weights ?? []);
  if (specs.length === 0) throw noWeights('a model file without weights (an empty weightsManifest)');
  const expected = specs.reduce((sum, entry) => sum + entryBytes(entry), 0);
  const truncated = (received: number): UserError =>
    new UserError(`The weight files must hold ${expected} bytes for the weights the manifest lists. Received: ${received} bytes.`, {
      code: 'MODEL_WEIGHTS_TRUNCATED',
      file: path,
      location: 'weightsManifest',
    });
  if (expected > MAX_WEIGHT_BYTES) {
    throw new UserError(`A model's weights must take at most ${formatLimit(MAX_WEIGHT_BYTES)}. Received: a manifest listing ${expected} bytes.`, {
      code: 'MODEL_TOO_LARGE',
      file: path,
      location: 'weightsManifest',
    });
  }
  const files: { full: string; weightPath: unknown; location: string; size: number }[] = [];
  for (const [g, group] of manifest.entries()) {
    for (const [p, weightPath] of (group.paths ?? []).entries()) {
      const location = `weightsManifest[${g}].paths[${p}]`;
      const full = weightFile(path, weightPath, location);
      const { stat, what, missing } = await pathStatus(full);
      if (!stat?.isFile()) throw noWeights(`a model file without weights (${String(weightPath)} is ${missing ? 'missing' : what})`, location);
      files.push({ full, weightPath, location, size: stat.size });
    }
  }
  // Sizes first, so no byte is read unless the files hold exactly what the manifest lists.
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total !== expected) throw truncated(total);
  const buffers: Buffer[] = [];
  for (const file of files) {
    buffers.push(await readRegularFile(file.full, { what: 'weight file', code: 'MODEL_INVALID', maxBytes: file.size }));
  }
  return [specs, toArrayBuffer(Buffer.concat(buffers))];
}

/**
 * An IOHandler that loads `model.json` and the weight files its manifest names. A model file
 * without weights (no manifest, or a missing or short weight file) is the user's mistake:
 * UserError, exit 2.
 */
export function fileSystemLoad(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = await readModelJson(modelJsonPath);
      const [specs, data] = await readWeights(modelJsonPath, modelJson.weightsManifest);
      return tf.io.getModelArtifactsForJSON(modelJson, async () => [specs, data]);
    },
  };
}

/** Saves `model` to `dir` (model.json + weights.bin). */
export async function saveModelToDir(model: tf.LayersModel, dir: string): Promise<tf.io.SaveResult> {
  return model.save(fileSystemSave(dir));
}

/**
 * Loads a layers model with its weights from a `model.json` path. A model saved with
 * kerasts's own optimizer needs it registered first: use model/load.ts's `loadModel`.
 */
export async function loadModelFile(modelJsonPath: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(fileSystemLoad(modelJsonPath));
  } catch (error) {
    if (error instanceof UserError) throw error;
    // tfjs rejects topologies it cannot rebuild (unknown layer class, bad config): bad input.
    throw new UserError(`A model file must describe a tfjs layers model. Received: ${(error as Error).message.split('\n')[0]}`, {
      code: 'MODEL_INVALID',
      file: modelJsonPath,
      location: 'modelTopology',
    });
  }
}
