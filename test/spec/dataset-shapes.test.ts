import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATASET_NAMES, datasetInputShape, SPEC_DATASET_NAMES } from '../../src/spec/dataset-shapes.js';

test('built-in datasets have their image shape in either ordering before any file is read', () => {
  assert.deepEqual(datasetInputShape({ name: 'mnist' }, 'tf'), [28, 28, 1]);
  assert.deepEqual(datasetInputShape({ name: 'mnist' }, 'th'), [1, 28, 28]);
  assert.deepEqual(datasetInputShape({ name: 'fashion-mnist' }, 'tf'), [28, 28, 1]);
  assert.deepEqual(datasetInputShape({ name: 'cifar10' }, 'th'), [3, 32, 32]);
  assert.deepEqual(datasetInputShape({ name: 'mnist-sample' }, 'tf'), [28, 28, 1]);
});

test('idx files carry their own shape; a directory dataset takes image_size and color_mode (Keras defaults 256x256 rgb)', () => {
  assert.equal(datasetInputShape({ name: 'idx' }, 'tf'), undefined);
  assert.deepEqual(datasetInputShape({ name: 'directory' }, 'tf'), [256, 256, 3]);
  assert.deepEqual(datasetInputShape({ name: 'directory', image_size: [20, 30], color_mode: 'grayscale' }, 'th'), [1, 20, 30]);
  assert.deepEqual(datasetInputShape({ name: 'directory', image_size: [20, 30], color_mode: 'rgb' }, 'tf'), [20, 30, 3]);
});

test('a spec may name every registry dataset and directory', () => {
  assert.deepEqual(SPEC_DATASET_NAMES, [...DATASET_NAMES, 'directory']);
  for (const name of DATASET_NAMES) if (name !== 'idx') assert.equal(datasetInputShape({ name }, 'tf')?.length, 3, name);
});
