import { formatBytes } from './progress.js';
import type { ImageShape, Split } from './preprocess.js';

/** What one split of a dataset costs: its images as uint8 (as stored), and whether they are held or streamed. */
export interface SplitMemory {
  count: number;
  imageShape: ImageShape;
  /** The images as uint8, one byte per pixel and channel. */
  uint8Bytes: number;
  /** Bytes held in memory for the images: float32 when held, 0 when streamed from the cache. */
  heldBytes: number;
  streamed: boolean;
}

/** The memory of one split as trained: uint8 size, and float32 held unless its rows are streamed. */
export function splitMemory(split: Split, imageShape: ImageShape): SplitMemory {
  const perImage = imageShape[0] * imageShape[1] * imageShape[2];
  const streamed = split.streamed !== undefined;
  return { count: split.count, imageShape, uint8Bytes: split.count * perImage, heldBytes: streamed ? 0 : split.images.byteLength, streamed };
}

/**
 * One split's part of the load line, e.g.
 * `train: 60,000 × 28×28×1 uint8 = 47.0 MB, in memory as float32 (188.2 MB)` or
 * `train: 5,000 × 64×64×3 uint8 = 61.4 MB, streamed from the cache`.
 */
export function formatSplitMemory(name: string, memory: SplitMemory): string {
  const head = `${name}: ${memory.count.toLocaleString('en-US')} × ${memory.imageShape.join('×')} uint8 = ${formatBytes(memory.uint8Bytes)}`;
  return memory.streamed ? `${head}, streamed from the cache batch by batch` : `${head}, in memory as float32 (${formatBytes(memory.heldBytes)})`;
}

/** The load line stating the memory a dataset needs, for every dataset kind. */
export function memoryLine(dataset: { train: Split; test: Split; imageShape: ImageShape }, limitBytes?: number): string {
  const parts = [formatSplitMemory('train', splitMemory(dataset.train, dataset.imageShape)), formatSplitMemory('test', splitMemory(dataset.test, dataset.imageShape))];
  const limit = limitBytes === undefined ? '' : ` (a split over ${formatBytes(limitBytes)} of uint8 is streamed)`;
  return `Memory: ${parts.join('; ')}${limit}.`;
}
