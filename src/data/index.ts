/** The data layer's public surface: loading, locating, fetching, and preparing datasets. */
export { loadDataset, type LoadRequest, type LoadedDataset } from './load.js';
export { locateDataset, datasetInfo, type DatasetLocation, type LocatedFile, type LocateOptions } from './locate.js';
export { fetchDataset, type FetchOptions, type FetchResult } from './fetch.js';
export { toTensors, splitValidation, oneHot, scalePixels, type Split, type ImageShape } from './preprocess.js';
export { DATASET_NAMES, DATASETS, type DatasetName, datasetCacheDir, kerastsHome, MIRROR_ENV, HOME_ENV } from './registry.js';
export { readIdx, type IdxArray } from './idx.js';
export { readCifarBatches } from './cifar.js';
export { stderrProgress } from './progress.js';
