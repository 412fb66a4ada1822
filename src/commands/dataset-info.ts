import { statSync } from 'node:fs';
import { CLASS_NAMES } from '../data/class-names.js';
import { directoryInfo, formatDirectoryInfo, type DirectoryInfo } from '../data/images/info.js';
import { locateDataset } from '../data/locate.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { datasetInputShape } from '../spec/dataset-shapes.js';
import { loadSpec } from '../spec/load.js';

/** `kerasts datasets info` output: the facts, and the same as text. */
export type DatasetInfoReport = { name: string; text: string } & (
  | ({ kind: 'directory' } & DirectoryInfo)
  | { kind: 'builtin'; present: boolean; where?: string; classes?: readonly string[]; inputShape?: number[] }
);

/**
 * Describes the dataset of a spec, or a class-folder tree given directly, without decoding or
 * downloading anything. A bad folder is refused exactly as `kerasts train` would refuse it.
 */
export async function datasetInfoFor(target: string, ordering: ImageDimOrdering): Promise<DatasetInfoReport> {
  const isFolder = statSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
  const { spec } = isFolder ? { spec: undefined } : await loadSpec(target);
  const dataset = spec?.dataset ?? { name: 'directory' as const, path: target };
  if (dataset.name === 'directory') {
    const info = await directoryInfo({ ...dataset, path: dataset.path! }, spec?.fit.validation_split ?? dataset.validation_split);
    return { kind: 'directory', name: 'directory', ...info, text: formatDirectoryInfo(info) };
  }
  const location = dataset.name === 'idx' ? undefined : await locateDataset(dataset.name);
  const classes = CLASS_NAMES[dataset.name];
  const inputShape = datasetInputShape(dataset, ordering);
  const where = dataset.path ?? (location?.found ? location.dir : undefined);
  const text = [
    `dataset: ${dataset.name}`,
    `where: ${where ?? `not present (kerasts datasets fetch ${dataset.name})`}`,
    ...(classes ? [`classes: ${classes.length} (${classes.join(', ')})`] : []),
    ...(inputShape ? [`image shape: ${JSON.stringify(inputShape)} (${ordering} ordering)`] : []),
  ].join('\n');
  return { kind: 'builtin', name: dataset.name, present: where !== undefined, where, classes, inputShape, text: `${text}\n` };
}
