/** The data layer's surface for training and evaluation: loading and preparing datasets. */
export { loadDataset, type LoadRequest, type LoadedDataset } from './load.js';
export { SAMPLE_NAME } from './load-sample.js';
export { splitValidation, oneHot, type Split, type ImageShape } from './preprocess.js';
export { makeAugmenter, type BatchAugmenter } from './images/augment.js';
export { memoryLine } from './memory.js';
export type { RowSource } from './row-source.js';
