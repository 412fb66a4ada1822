import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { idxBytes } from '../data/fixtures.js';

const SIDE = 28;

/**
 * A small, learnable MNIST-shaped dataset: class k is a bright 6x6 block at a position of
 * its own plus noise, so a few steps of training visibly lower the loss.
 */
export function syntheticImages(count: number, seed = 1): { pixels: Uint8Array; labels: Uint8Array } {
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pixels = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 10;
    labels[n] = label;
    const top = 2 + Math.floor(label / 5) * 12;
    const left = 1 + (label % 5) * 5;
    for (let r = 0; r < SIDE; r++) {
      for (let c = 0; c < SIDE; c++) {
        const inBlock = r >= top && r < top + 6 && c >= left && c < left + 6;
        pixels[n * SIDE * SIDE + r * SIDE + c] = inBlock ? 200 + Math.floor(random() * 55) : Math.floor(random() * 40);
      }
    }
  }
  return { pixels, labels };
}

/** Writes the four MNIST-named .gz IDX files of a synthetic dataset into `dir` (for `--data`). */
export function writeSyntheticMnist(dir: string, train = 200, test = 50): void {
  const trainSet = syntheticImages(train, 1);
  const testSet = syntheticImages(test, 2);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([train, SIDE, SIDE], trainSet.pixels)));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([train], trainSet.labels)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([test, SIDE, SIDE], testSet.pixels)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([test], testSet.labels)));
}

/** A small CNN spec in the classic style (Keras 1 spellings), trained with Adam so few steps suffice. */
export function smallCnnSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dataset: 'mnist',
    model: {
      layers: [
        { class_name: 'Convolution2D', config: { nb_filter: 8, nb_row: 3, nb_col: 3, border_mode: 'valid' } },
        { class_name: 'Activation', config: { activation: 'relu' } },
        { class_name: 'MaxPooling2D', config: { pool_size: [2, 2] } },
        { class_name: 'Dropout', config: { rate: 0.25 } },
        { class_name: 'Flatten', config: {} },
        { class_name: 'Dense', config: { output_dim: 10 } },
        { class_name: 'Activation', config: { activation: 'softmax' } },
      ],
    },
    compile: { optimizer: { class_name: 'Adam', config: { learning_rate: 0.01 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    fit: { epochs: 2, batch_size: 32, seed: 7 },
    ...overrides,
  };
}
