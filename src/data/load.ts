import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { CIFAR_CHANNELS, CIFAR_COLS, CIFAR_ROWS, readCifarBatches } from './cifar.js';
import { type FetchOptions, type FetchResult, fetchDataset } from './fetch.js';
import { type IdxArray, readIdx } from './idx.js';
import { SAMPLE_NAME, SAMPLE_OF, fallbackNotice, isUnreachable, loadMnistSample } from './load-sample.js';
import { datasetInfo } from './locate.js';
import { type ImageShape, type Split, applyLimit, imageShapeFor, scalePixels } from './preprocess.js';
import { stderrProgress } from './progress.js';
import { IDX_ROLES, type DatasetName } from './registry.js';
import { loadDirectory } from './images/directory.js';
import type { DirectoryOptions } from './images/options.js';

/** What the training code asks for. */
export interface LoadRequest extends Omit<FetchOptions, 'registry' | 'systemDirs'> {
  name: DatasetName | 'directory';
  /** The `directory` dataset's options (its folder is `path`). */
  directory?: Omit<DirectoryOptions, 'path'>;
  /** Keep only the first N samples of each split. */
  limit?: number;
  imageDimOrdering: ImageDimOrdering;
  /** Test seams: another registry, other system folders. */
  registry?: FetchOptions['registry'];
  systemDirs?: string[];
  /** The `mnist` package folder for the sample (tests point it elsewhere). */
  sampleDir?: string;
  /** Notices (the fallback to the sample, the directory dataset's load line); default stderr. */
  log?: (line: string) => void;
}

export interface LoadedDataset {
  name: string;
  /** Where it was found: a path, or `downloaded from <url>`. */
  source: string;
  /** `sample` for the embedded MNIST sample; absent for a dataset's own files. */
  kind?: 'sample';
  numClasses: number;
  imageShape: ImageShape;
  train: Split;
  test: Split;
  /** Class names in label order, for datasets that carry them (the directory dataset's folders). */
  classNames?: string[];
}

/** The `directory` dataset (class folders of PNG/JPEG files) as a {@link LoadedDataset}. */
async function loadDirectoryDataset(request: LoadRequest): Promise<LoadedDataset> {
  if (request.path === undefined) {
    throw new UserError('the directory dataset needs a folder. Received: no dataset.path and no --data.', { code: 'DATA_MISSING', location: 'dataset.path' });
  }
  const log = request.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaded = await loadDirectory({ ...request.directory, path: request.path }, request.imageDimOrdering, { limit: request.limit, home: request.home, log });
  log(`Directory dataset ${loaded.source}: ${loaded.summary}.`);
  const { classNames, imageShape, train, test, source } = loaded;
  return { name: 'directory', source, numClasses: classNames.length, imageShape, train, test, classNames };
}

/** IDX images are (samples, rows, cols) bytes; labels are (samples) bytes. */
function checkIdx(images: IdxArray, labels: IdxArray, imagesPath: string, labelsPath: string): void {
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new UserError(`an IDX image file must hold uint8 data of 3 dimensions (samples, rows, cols), magic 0x00000803. Received: ${images.dtype} of ${images.shape.length} dimensions.`, {
      file: imagesPath,
      location: 'byte 0',
      code: 'DATA_BAD_MAGIC',
    });
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new UserError(`an IDX label file must hold uint8 data of 1 dimension, magic 0x00000801. Received: ${labels.dtype} of ${labels.shape.length} dimensions.`, {
      file: labelsPath,
      location: 'byte 0',
      code: 'DATA_BAD_MAGIC',
    });
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new UserError(`images and labels must agree in count: ${imagesPath} holds ${images.shape[0]} images. Received: ${labels.shape[0]} labels.`, {
      file: labelsPath,
      location: 'byte 4',
      code: 'DATA_COUNT_MISMATCH',
    });
  }
}

/** Finds the first label at or above `numClasses` and names its record and byte. */
function checkLabels(labels: Uint8Array, numClasses: number, file: string, headerBytes: number): void {
  for (let i = 0; i < labels.length; i += 1) {
    if (labels[i]! >= numClasses) {
      throw new UserError(`every label must be in 0..${numClasses - 1}. Received: ${labels[i]}.`, {
        file,
        location: `record ${i} (byte ${headerBytes + i})`,
        code: 'DATA_BAD_LABEL',
      });
    }
  }
}

function maxLabel(labels: Uint8Array): number {
  let max = 0;
  for (const label of labels) if (label > max) max = label;
  return max;
}

/**
 * Loads a dataset the way `keras.datasets.<name>.load_data()` does — from an explicit path,
 * the cache, a system folder, or a verified download (for MNIST, when no mirror can be
 * reached, the embedded sample instead, announced by one line) — and prepares it for training:
 * pixels scaled to [0, 1] as float32, laid out for `imageDimOrdering`, optionally limited
 * to the first `limit` samples of each split.
 */
export async function loadDataset(request: LoadRequest): Promise<LoadedDataset> {
  if (request.name === 'directory') return loadDirectoryDataset(request);
  if (request.name === SAMPLE_NAME) return loadMnistSample(request);
  const info = datasetInfo(request.name, request.registry);
  let fetched: FetchResult;
  try {
    fetched = await fetchDataset(request.name, { ...request, onProgress: request.onProgress ?? stderrProgress() });
  } catch (error) {
    // Only an unreachable network falls back: bad bytes or an HTTP error must be seen and fixed.
    if (request.name !== SAMPLE_OF || !isUnreachable(error)) throw error;
    const sample = await loadMnistSample({ ...request, path: undefined });
    (request.log ?? ((line) => process.stderr.write(`${line}\n`)))(fallbackNotice(error));
    return sample;
  }
  const { location, source } = fetched;
  const path = (role: string): string => location.files.find((file) => file.role === role)!.path!;
  const ordering = request.imageDimOrdering;

  if (info.format === 'cifar10') {
    const roles = info.files.map((file) => file.role);
    const [train, test] = await Promise.all([readCifarBatches(roles.slice(0, -1).map(path)), readCifarBatches([path(roles[roles.length - 1]!)])]);
    const chw: ImageShape = [CIFAR_CHANNELS, CIFAR_ROWS, CIFAR_COLS];
    const split = (records: typeof train): Split => {
      const count = applyLimit(records.count, request.limit);
      return { images: scalePixels(records.pixels, count, chw, ordering), labels: records.labels.slice(0, count), count };
    };
    return {
      name: info.name,
      source,
      numClasses: info.numClasses ?? 10,
      imageShape: imageShapeFor(CIFAR_ROWS, CIFAR_COLS, CIFAR_CHANNELS, ordering),
      train: split(train),
      test: split(test),
    };
  }

  const paths = IDX_ROLES.map(path);
  // The four files decompress in parallel: zlib works off the main thread.
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(paths.map((file) => readIdx(file)));
  checkIdx(trainImages!, trainLabels!, paths[0]!, paths[1]!);
  checkIdx(testImages!, testLabels!, paths[2]!, paths[3]!);
  const [rows, cols] = trainImages!.shape.slice(1) as [number, number];
  if (testImages!.shape[1] !== rows || testImages!.shape[2] !== cols) {
    throw new UserError(`test images must have the training images' size ${rows}x${cols}. Received: ${testImages!.shape[1]}x${testImages!.shape[2]}.`, {
      file: paths[2],
      location: 'byte 8',
      code: 'DATA_SIZE_MISMATCH',
    });
  }
  const numClasses = info.numClasses ?? Math.max(maxLabel(trainLabels!.data as Uint8Array), maxLabel(testLabels!.data as Uint8Array)) + 1;
  checkLabels(trainLabels!.data as Uint8Array, numClasses, paths[1]!, 8);
  checkLabels(testLabels!.data as Uint8Array, numClasses, paths[3]!, 8);
  const split = (images: IdxArray, labels: IdxArray): Split => {
    const count = applyLimit(images.shape[0]!, request.limit);
    return { images: scalePixels(images.data as Uint8Array, count, [1, rows, cols], ordering), labels: (labels.data as Uint8Array).slice(0, count), count };
  };
  return {
    name: info.name,
    source,
    numClasses,
    imageShape: imageShapeFor(rows, cols, 1, ordering),
    train: split(trainImages!, trainLabels!),
    test: split(testImages!, testLabels!),
  };
}
