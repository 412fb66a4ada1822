import { maxInMemoryBytes } from '../../util/limits.js';
import { formatBytes } from '../progress.js';
import { ImageCache } from './cache.js';
import { channelsFor, type DecodeTarget } from './decode.js';
import { decodeTarget } from './directory.js';
import { DEFAULT_DIRECTORY_SEED, type DirectoryOptions } from './options.js';
import { scanClassFolders, type ClassFolders } from './scan.js';

/** Counts of one folder tree per class, and how much of it the decode cache already holds. */
export interface FolderInfo {
  path: string;
  images: number;
  perClass: Record<string, number>;
  cache: { dir: string; cached: number; toDecode: number };
}

/** What `kerasts datasets info` reports for a directory dataset; nothing is decoded. */
export interface DirectoryInfo {
  classes: string[];
  imageSize: [number, number];
  colorMode: string;
  channels: number;
  train: FolderInfo;
  /** Sizes of the splits `kerasts train` would make (validation is the last part after the seeded shuffle). */
  splits: { train: number; validation: number; test: number };
  test?: FolderInfo;
  seed: number;
  /** Float32 bytes the decoded splits take when held in memory. */
  memoryBytes: number;
  /** Uint8 size of each folder tree and whether `train` would stream it (over `limitBytes`). */
  memory: { limitBytes: number; train: TreeMemory; test?: TreeMemory };
}

export interface TreeMemory {
  uint8Bytes: number;
  streamed: boolean;
}

async function folderInfo(folders: ClassFolders, target: DecodeTarget, home?: string): Promise<FolderInfo> {
  const cache = await ImageCache.open(folders.root, target, target.rows * target.cols * channelsFor(target.colorMode), home);
  const cached = folders.entries.filter((entry) => cache.has(entry)).length;
  cache.close();
  return {
    path: folders.root,
    images: folders.entries.length,
    perClass: Object.fromEntries(folders.classNames.map((name, label) => [name, folders.counts[label]!])),
    cache: { dir: cache.dir, cached, toDecode: folders.entries.length - cached },
  };
}

/**
 * Describes a directory dataset as `kerasts train` would read it: classes, counts per class and
 * split, image size and cache state. Bad folders fail exactly as they would in training.
 */
export async function directoryInfo(
  options: DirectoryOptions,
  validationSplit = options.validation_split ?? 0,
  home?: string,
  limitBytes = maxInMemoryBytes(),
  /** How messages name options.path: "dataset.path" for a spec's, "the folder" for one given directly. */
  pathRole = 'dataset.path',
): Promise<DirectoryInfo> {
  const target = decodeTarget(options);
  const trainFolders = await scanClassFolders(options.path, pathRole);
  const testFolders = options.test_path ? await scanClassFolders(options.test_path, 'dataset.test_path') : undefined;
  const train = await folderInfo(trainFolders, target, home);
  const test = testFolders ? await folderInfo(testFolders, target, home) : undefined;
  const trainCount = Math.floor(train.images * (1 - validationSplit));
  const channels = channelsFor(target.colorMode);
  const images = train.images + (test?.images ?? 0);
  const tree = (folder: FolderInfo): TreeMemory => {
    const uint8Bytes = folder.images * target.rows * target.cols * channels;
    return { uint8Bytes, streamed: uint8Bytes > limitBytes };
  };
  return {
    classes: trainFolders.classNames,
    imageSize: [target.rows, target.cols],
    colorMode: target.colorMode,
    channels,
    train,
    test,
    splits: { train: trainCount, validation: train.images - trainCount, test: test?.images ?? 0 },
    seed: options.seed ?? DEFAULT_DIRECTORY_SEED,
    memoryBytes: images * target.rows * target.cols * channels * 4,
    memory: { limitBytes, train: tree(train), ...(test ? { test: tree(test) } : {}) },
  };
}

function memoryText(name: string, tree: TreeMemory): string {
  return `${name} ${formatBytes(tree.uint8Bytes)} uint8, ${tree.streamed ? 'streamed from the cache' : `in memory as float32 (${formatBytes(tree.uint8Bytes * 4)})`}`;
}

/** The report as text: one line per fact, then one row per class. */
export function formatDirectoryInfo(info: DirectoryInfo): string {
  const cacheLine = (folder: FolderInfo) => `${folder.cache.cached} of ${folder.images} decoded images cached (${folder.cache.dir})${folder.cache.toDecode > 0 ? `, ${folder.cache.toDecode} to decode` : ''}`;
  const lines = [
    `classes: ${info.classes.length} (${info.classes.join(', ')}), labels 0..${info.classes.length - 1} in this order`,
    `image size: ${info.imageSize[0]}x${info.imageSize[1]} ${info.colorMode} (${info.channels} channel${info.channels === 1 ? '' : 's'})`,
    `splits: ${info.splits.train} train, ${info.splits.validation} validation (seed ${info.seed}), ${info.splits.test} test`,
    `memory: ${memoryText('train', info.memory.train)}${info.memory.test ? `; ${memoryText('test', info.memory.test)}` : ''} (limit ${formatBytes(info.memory.limitBytes)} of uint8)`,
    `cache (train): ${cacheLine(info.train)}`,
    ...(info.test ? [`cache (test): ${cacheLine(info.test)}`] : []),
    '',
    ['CLASS', 'TRAIN+VAL', ...(info.test ? ['TEST'] : [])].join('\t'),
    ...info.classes.map((name) => [name, info.train.perClass[name], ...(info.test ? [info.test.perClass[name] ?? 0] : [])].join('\t')),
  ];
  return `${lines.join('\n')}\n`;
}
