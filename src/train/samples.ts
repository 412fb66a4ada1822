import { SAMPLE_NAME, oneHot, splitValidation, type LoadedDataset, type Split } from '../data/index.js';
import { UserError } from '../errors.js';
import type { LossName } from '../spec/defaults.js';
import { VALIDATION_DATA_TEST, type ExperimentSpec } from '../spec/schema.js';
import type { ArraySamples } from './batches.js';

/** Targets as the loss wants them: one-hot rows, or class indices for the sparse loss. */
export function toSamples(split: Split, dataset: Pick<LoadedDataset, 'imageShape' | 'numClasses'>, loss: LossName): ArraySamples {
  const sparseTargets = loss === 'sparse_categorical_crossentropy';
  return {
    x: split.streamed ?? split.images,
    y: sparseTargets ? Float32Array.from(split.labels) : oneHot(split.labels, dataset.numClasses),
    count: split.count,
    inputShape: [...dataset.imageShape],
    targetShape: sparseTargets ? [1] : [dataset.numClasses],
  };
}

/** What to do about a model input that is not the dataset's image shape. */
function inputShapeHint(input: (number | null)[], imageShape: readonly number[], ordering: string): string {
  if (imageShape.length === 3) {
    const [a, b, c] = imageShape as [number, number, number];
    // The same image in the other ordering: a channels-first (Theano) model under "tf", or the reverse.
    const other = ordering === 'th' ? [b, c, a] : [c, a, b];
    const otherName = ordering === 'th' ? 'tf' : 'th';
    if (input.length === 3 && input.every((size, i) => size === null || size === other[i])) {
      return `The model is ordered "${otherName}": add --image-dim-ordering ${otherName}, or set "image_dim_ordering": "${otherName}" in ~/.kerasts.json.`;
    }
  }
  return 'Omit input_shape to take it from the dataset.';
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
      { code: 'SHAPE_MISMATCH', file, location: 'model.layers[0].config.input_shape', hint: inputShapeHint(input, dataset.imageShape, ordering) },
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

/** Which data validates after each epoch: the test set (`fit.validation_data: "test"`), a split of the training set, or none. */
export function validationFor(spec: Pick<ExperimentSpec, 'fit' | 'dataset'>, dataset: Pick<LoadedDataset, 'train' | 'test'>): { train: Split; validation?: Split } {
  if (spec.fit.validation_data === VALIDATION_DATA_TEST) return { train: dataset.train, validation: dataset.test };
  const fraction = spec.fit.validation_split ?? spec.dataset.validation_split ?? 0;
  return fraction > 0 ? splitValidation(dataset.train, fraction) : { train: dataset.train };
}

/** What metrics.json and the result say about the data: which set (the full one or the sample), from where, how many images. */
export interface DataRecord {
  name: string;
  source: string;
  kind: 'full' | 'sample';
  train: number;
  validation: number;
  test: number;
}

/** The data record of a run, from the loaded dataset and the split actually trained and validated on. */
export function dataRecord(dataset: LoadedDataset, train: Split, validation: Split | undefined): DataRecord {
  return { name: dataset.name, source: dataset.source, kind: dataset.kind ?? 'full', train: train.count, validation: validation?.count ?? 0, test: dataset.test.count };
}

/** The spec as run: when the sample stood in for the requested dataset, spec.json names the sample, so a resume or evaluate uses it too. */
export function specAsRun(spec: ExperimentSpec, dataset: Pick<LoadedDataset, 'name' | 'kind'>): ExperimentSpec {
  return dataset.kind === 'sample' && spec.dataset.name !== dataset.name ? { ...spec, dataset: { ...spec.dataset, name: SAMPLE_NAME } } : spec;
}

/**
 * The line `train` logs once its data is loaded: how many images, from where, and what
 * validates: with a split, how many training images are held out for it (as Keras's fit
 * prints "Train on 54000 samples, validate on 6000 samples").
 */
export function loadedDataLine(spec: Pick<ExperimentSpec, 'fit' | 'dataset'>, dataset: Pick<LoadedDataset, 'name' | 'source' | 'train' | 'test'>, split: { train: Split; validation?: Split }): string {
  const head = `Dataset ${dataset.name}: ${dataset.train.count} train, ${dataset.test.count} test images from ${dataset.source}.`;
  if (spec.fit.validation_data === VALIDATION_DATA_TEST) return `${head} Validation: the ${dataset.test.count} test images, after each epoch.`;
  if (split.validation === undefined) return head;
  const fraction = spec.fit.validation_split ?? spec.dataset.validation_split;
  const where = spec.fit.validation_split !== undefined ? 'fit.validation_split' : 'dataset.validation_split';
  return `${head} Validation: ${split.validation.count} of the train images held out (${where} ${fraction}), training on the other ${split.train.count}.`;
}
