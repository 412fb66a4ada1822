import { DATASET_NAMES, type DatasetName } from '../data/registry.js';
import type { ImageDimOrdering } from '../settings/constants.js';

/** Dataset names a spec may give (the registry's); `idx` is a user-supplied set of IDX files at `path`. */
export { DATASET_NAMES, type DatasetName };

/** One image's geometry, independent of the dimension ordering. */
export interface ImageGeometry {
  rows: number;
  cols: number;
  channels: number;
  /** Number of classes of the labels. */
  classes: number;
}

/**
 * Known image shapes of the built-in datasets, shared with the dataset loaders. `idx`
 * files carry their own shape in their header, so it has no entry here.
 */
export const DATASET_GEOMETRY: Readonly<Record<Exclude<DatasetName, 'idx'>, ImageGeometry>> = {
  mnist: { rows: 28, cols: 28, channels: 1, classes: 10 },
  'fashion-mnist': { rows: 28, cols: 28, channels: 1, classes: 10 },
  cifar10: { rows: 32, cols: 32, channels: 3, classes: 10 },
};

/** Orders an image geometry as a per-sample input shape: (rows, cols, channels) for tf, (channels, rows, cols) for th. */
export function orderedInputShape(geometry: ImageGeometry, ordering: ImageDimOrdering): number[] {
  return ordering === 'th'
    ? [geometry.channels, geometry.rows, geometry.cols]
    : [geometry.rows, geometry.cols, geometry.channels];
}

/** The per-sample input shape of a built-in dataset, or undefined when the dataset does not fix one. */
export function datasetInputShape(name: DatasetName, ordering: ImageDimOrdering): number[] | undefined {
  if (name === 'idx') return undefined;
  return orderedInputShape(DATASET_GEOMETRY[name], ordering);
}
