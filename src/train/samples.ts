import { oneHot, type LoadedDataset, type Split } from '../data/index.js';
import { UserError } from '../errors.js';
import type { LossName } from '../spec/defaults.js';
import type { ArraySamples } from './batches.js';

/** Targets as the loss wants them: one-hot rows, or class indices for the sparse loss. */
export function toSamples(split: Split, dataset: Pick<LoadedDataset, 'imageShape' | 'numClasses'>, loss: LossName): ArraySamples {
  const sparseTargets = loss === 'sparse_categorical_crossentropy';
  return {
    x: split.images,
    y: sparseTargets ? Float32Array.from(split.labels) : oneHot(split.labels, dataset.numClasses),
    count: split.count,
    inputShape: [...dataset.imageShape],
    targetShape: sparseTargets ? [1] : [dataset.numClasses],
  };
}

/**
 * Checks that the model fits the data before any training: its input shape against the
 * images under the chosen ordering, its output width against the number of classes.
 */
export function checkModelFitsData(
  modelInput: (number | null)[],
  modelOutput: (number | null)[],
  dataset: Pick<LoadedDataset, 'imageShape' | 'numClasses' | 'name'>,
  ordering: string,
  file: string,
): void {
  const input = modelInput.slice(1);
  if (input.length !== dataset.imageShape.length || input.some((size, i) => size !== null && size !== dataset.imageShape[i])) {
    throw new UserError(
      `the model's input shape must match the ${dataset.name} images under image_dim_ordering "${ordering}" (${JSON.stringify(dataset.imageShape)}). Received: ${JSON.stringify(input)}.`,
      { code: 'SHAPE_MISMATCH', file, location: 'model.layers[0].config.input_shape', hint: 'Omit input_shape to take it from the dataset.' },
    );
  }
  const classes = modelOutput[modelOutput.length - 1];
  if (modelOutput.length !== 2 || classes !== dataset.numClasses) {
    throw new UserError(
      `the model's output must have one unit per class: ${dataset.name} has ${dataset.numClasses} classes. Received: output shape ${JSON.stringify(modelOutput.slice(1))}.`,
      { code: 'CLASSES_MISMATCH', file, location: 'model.layers', hint: `Make the last Dense layer ${dataset.numClasses} units.` },
    );
  }
}
