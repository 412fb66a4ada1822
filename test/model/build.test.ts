import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, layerNames } from '../../src/model/build.js';
import { initBackend } from '../../src/backend/select.js';
import { assertBuildError, layersOf } from '../helpers/layer-case.js';

// Each layer class's shapes and parameter counts are tested in test/spec/layers/<class>.test.ts.

before(() => initBackend('cpu'));

test("the first layer's input_shape wins over the dataset's", () => {
  const model = buildModel(layersOf([{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, input_shape: [8, 8, 3] } }]), {
    imageDimOrdering: 'tf',
    inputShape: [28, 28, 1],
  });
  assert.deepEqual(model.outputShape, [null, 6, 6, 2]);
  model.dispose();
});

test('layers get Keras-style names numbered per class, skipping names the spec uses', () => {
  const layers = layersOf([
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } },
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, name: 'conv2d_2' } },
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } },
    { class_name: 'Flatten' },
    { class_name: 'Dense', config: { units: 3, name: 'logits' } },
  ]);
  assert.deepEqual(layerNames(layers.layers), ['conv2d_1', 'conv2d_2', 'conv2d_3', 'flatten_1', 'logits']);
  // Stable across builds in one process, unlike tfjs's global counters.
  for (let i = 0; i < 2; i++) {
    const model = buildModel(layers, { imageDimOrdering: 'tf', inputShape: [9, 9, 1] });
    assert.deepEqual(model.layers.map((layer) => layer.name), ['conv2d_1', 'conv2d_2', 'conv2d_3', 'flatten_1', 'logits']);
    model.dispose();
  }
});

test('seeded builds have identical initial weights', () => {
  const layers = layersOf([{ class_name: 'Dense', config: { units: 3 } }]);
  const weights = () => {
    const model = buildModel(layers, { imageDimOrdering: 'tf', inputShape: [4], seed: 7 });
    const values = Array.from(model.getWeights()[0].dataSync());
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(), weights());
});

const conv = (kernel: number, extra: Record<string, unknown> = {}) => ({ class_name: 'Conv2D', config: { filters: 8, kernel_size: kernel, ...extra } });

test('no input shape anywhere is a UserError with an example per ordering', () => {
  assertBuildError([conv(3)], undefined, 'th', /model\.layers\[0\]\.config\.input_shape is needed .* e\.g\. \[1, 28, 28\]/);
});

test('input_shape on a later layer and duplicate names are refused', () => {
  assertBuildError([conv(3), conv(3, { input_shape: [3, 3, 1] })], [8, 8, 1], 'tf', /model\.layers\[1\]\.config\.input_shape is only allowed on the first layer/);
  assertBuildError([conv(3, { name: 'a' }), conv(3, { name: 'a' })], [8, 8, 1], 'tf', /model\.layers\[1\]\.config\.name must be unique\. Received: "a"/);
});
