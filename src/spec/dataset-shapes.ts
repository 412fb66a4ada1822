import { DATASET_NAMES, type DatasetName } from '../data/registry.js';
import { DEFAULT_COLOR_MODE, DEFAULT_IMAGE_SIZE, type ColorMode } from '../data/images/options.js';
import { imageShapeFor } from '../data/preprocess.js';
import type { ImageDimOrdering } from '../settings/constants.js';

/** Dataset names a spec may give (the registry's); `idx` is a user-supplied set of IDX files at `path`. */
export { DATASET_NAMES, type DatasetName };

/** Names a spec's `dataset.name` may take: the registry's, and `directory` (class folders of images). */
export const SPEC_DATASET_NAMES = [...DATASET_NAMES, 'directory'] as const;
export type SpecDatasetName = (typeof SPEC_DATASET_NAMES)[number];

/**
 * Image size of the built-in datasets, known before any file is read (the summary of a spec
 * needs it). `idx` files carry their own shape in their header, so it has no entry here.
 */
const DATASET_IMAGES: Readonly<Record<Exclude<DatasetName, 'idx'>, { rows: number; cols: number; channels: number }>> = {
  mnist: { rows: 28, cols: 28, channels: 1 },
  'mnist-sample': { rows: 28, cols: 28, channels: 1 },
  'fashion-mnist': { rows: 28, cols: 28, channels: 1 },
  cifar10: { rows: 32, cols: 32, channels: 3 },
};

/** The per-sample input shape of a dataset, or undefined when the dataset does not fix one. */
export function datasetInputShape(dataset: { name: SpecDatasetName; image_size?: [number, number]; color_mode?: ColorMode }, ordering: ImageDimOrdering): number[] | undefined {
  const { name } = dataset;
  if (name === 'directory') {
    const [rows, cols] = dataset.image_size ?? DEFAULT_IMAGE_SIZE;
    return imageShapeFor(rows, cols, (dataset.color_mode ?? DEFAULT_COLOR_MODE) === 'rgb' ? 3 : 1, ordering);
  }
  if (name === 'idx') return undefined;
  const { rows, cols, channels } = DATASET_IMAGES[name];
  return imageShapeFor(rows, cols, channels, ordering);
}
