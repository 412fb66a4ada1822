import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadedDataset, Split } from '../../src/data/index.js';
import { parseSpec } from '../../src/spec/load.js';
import { checkModelFitsData, dataRecord, loadedDataLine, specAsRun, validationFor } from '../../src/train/samples.js';
import { UserError } from '../../src/errors.js';

const split = (count: number): Split => ({ images: new Float32Array(count * 4), labels: new Uint8Array(count), count });

function dataset(kind?: 'sample'): LoadedDataset {
  return { name: kind ? 'mnist-sample' : 'mnist', source: 'here', kind, numClasses: 10, imageShape: [2, 2, 1], train: split(10), test: split(4) };
}

const spec = (extra: Record<string, unknown>) => parseSpec({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten', config: {} }] }, ...extra });

test('validationFor: the test set with validation_data "test", a split with validation_split, else none', () => {
  const data = dataset();
  const onTest = validationFor(spec({ fit: { validation_data: 'test' } }), data);
  assert.equal(onTest.train, data.train);
  assert.equal(onTest.validation, data.test);
  const onSplit = validationFor(spec({ fit: { validation_split: 0.2 } }), data);
  assert.deepEqual([onSplit.train.count, onSplit.validation?.count], [8, 2]);
  const fromDataset = validationFor(spec({ dataset: { name: 'mnist', validation_split: 0.5 } }), data);
  assert.deepEqual([fromDataset.train.count, fromDataset.validation?.count], [5, 5]);
  assert.equal(validationFor(spec({}), data).validation, undefined);
});

test('dataRecord names the data and its kind; specAsRun records the sample when it stood in for MNIST', () => {
  const full = dataset();
  assert.deepEqual(dataRecord(full, full.train, full.test), { name: 'mnist', source: 'here', kind: 'full', train: 10, validation: 4, test: 4 });
  const sample = dataset('sample');
  assert.deepEqual(dataRecord(sample, sample.train, undefined), { name: 'mnist-sample', source: 'here', kind: 'sample', train: 10, validation: 0, test: 4 });
  const asked = spec({ dataset: { name: 'mnist', limit: 100 } });
  assert.deepEqual(specAsRun(asked, sample).dataset, { name: 'mnist-sample', limit: 100 });
  assert.equal(specAsRun(asked, full), asked);
  // What spec.json holds is itself a valid spec.
  assert.deepEqual(parseSpec(JSON.parse(JSON.stringify(specAsRun(asked, sample)))).dataset, { name: 'mnist-sample', limit: 100 });
});

test('a model input in the other ordering is refused with the flag that fixes it; any other mismatch says to omit input_shape', () => {
  const mnist = { name: 'mnist', imageShape: [28, 28, 1] as [number, number, number], numClasses: 10 };
  const thModel = [null, 1, 28, 28];
  assert.throws(() => checkModelFitsData(thModel, [null, 10], mnist, 'tf', 'm.json'), (error: unknown) => error instanceof UserError && error.hint === 'The model is ordered "th": add --image-dim-ordering th, or set "image_dim_ordering": "th" in ~/.kerasts.json.');
  const thImages = { ...mnist, imageShape: [1, 28, 28] as [number, number, number] };
  assert.throws(() => checkModelFitsData([null, 28, 28, 1], [null, 10], thImages, 'th', 'm.json'), (error: unknown) => error instanceof UserError && /ordered "tf": add --image-dim-ordering tf/.test(error.hint ?? ''));
  assert.throws(() => checkModelFitsData([null, 32, 32, 3], [null, 10], mnist, 'tf', 'm.json'), (error: unknown) => error instanceof UserError && error.hint === 'Omit input_shape to take it from the dataset.');
  checkModelFitsData([null, 28, 28, 1], [null, 10], mnist, 'tf', 'm.json');
});

test('loadedDataLine: counts and source, then the test set or the images a split holds out for validation', () => {
  const data = dataset();
  const line = (extra: Record<string, unknown>) => {
    const used = spec(extra);
    return loadedDataLine(used, data, validationFor(used, data));
  };
  assert.equal(line({}), 'Dataset mnist: 10 train, 4 test images from here.');
  assert.equal(line({ fit: { validation_data: 'test' } }), 'Dataset mnist: 10 train, 4 test images from here. Validation: the 4 test images, after each epoch.');
  assert.equal(line({ fit: { validation_split: 0.2 } }), 'Dataset mnist: 10 train, 4 test images from here. Validation: 2 of the train images held out (fit.validation_split 0.2), training on the other 8.');
  assert.equal(
    line({ dataset: { name: 'mnist', validation_split: 0.5 } }),
    'Dataset mnist: 10 train, 4 test images from here. Validation: 5 of the train images held out (dataset.validation_split 0.5), training on the other 5.',
  );
});
