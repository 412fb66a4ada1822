import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configLayers, isSequential } from '../../../src/keras/read/config-layers.js';

const conv1 = { class_name: 'Convolution2D', config: { name: 'c', nb_filter: 6 } };
const dense = { class_name: 'Dense', config: { name: 'd', units: 2 } };

test('configLayers finds the layers of Keras 1, 2 and 3 configs and the converter wrapping', () => {
  const expected = [
    { className: 'Convolution2D', name: 'c', config: { name: 'c', nb_filter: 6 } },
    { className: 'Dense', name: 'd', config: { name: 'd', units: 2 } },
  ];
  assert.deepEqual(configLayers({ class_name: 'Sequential', config: [conv1, dense] }), expected);
  assert.deepEqual(configLayers({ class_name: 'Sequential', config: { name: 's', layers: [conv1, dense] } }), expected);
  assert.deepEqual(configLayers({ model_config: { class_name: 'Model', config: { layers: [conv1, dense] } } }), expected);
  assert.deepEqual(configLayers([conv1, dense]), expected);
  // A functional layer entry may carry its name beside the config.
  assert.deepEqual(configLayers({ class_name: 'Model', config: { layers: [{ class_name: 'InputLayer', name: 'in', config: {} }] } }), [
    { className: 'InputLayer', name: 'in', config: {} },
  ]);
});

test('configLayers leaves out what is not a layer and isSequential tells the model kinds apart', () => {
  assert.deepEqual(configLayers({ class_name: 'Sequential', config: [1, { config: {} }, { class_name: 'Dense', config: {} }] }), []);
  assert.deepEqual(configLayers('nonsense'), []);
  assert.equal(isSequential({ class_name: 'Sequential', config: [] }), true);
  assert.equal(isSequential({ model_config: { class_name: 'Sequential', config: [] } }), true);
  assert.equal(isSequential({ class_name: 'Functional', config: { layers: [] } }), false);
});
