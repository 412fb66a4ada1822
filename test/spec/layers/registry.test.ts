import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acceptedConfigKeys,
  isLayerClass,
  keras1Renames,
  keras2ClassName,
  KERAS1_CLASS_NAMES,
  LAYER_CLASSES,
  LAYER_REGISTRY,
  layerEntry,
} from '../../../src/spec/layers/registry.js';

test('every entry is filed under its own Keras 2 class name, with a distinct name prefix', () => {
  for (const className of LAYER_CLASSES) assert.equal(LAYER_REGISTRY[className].className, className);
  const prefixes = LAYER_CLASSES.map((className) => LAYER_REGISTRY[className].namePrefix);
  assert.equal(new Set(prefixes).size, prefixes.length);
  for (const prefix of prefixes) assert.match(prefix, /^[a-z][a-z0-9_]*$/);
});

test('Keras 1 renames and pairs lead to keys the Keras 2 schema accepts', () => {
  for (const className of LAYER_CLASSES) {
    const entry = LAYER_REGISTRY[className];
    const keys = acceptedConfigKeys(entry);
    for (const [oldKey, newKey] of Object.entries(keras1Renames(entry))) {
      assert.ok(keys.has(newKey), `${className}: ${oldKey} → ${newKey}, which the schema does not accept`);
      assert.ok(!keys.has(oldKey), `${className}: the Keras 1 key ${oldKey} is also a Keras 2 key`);
    }
    for (const newKey of Object.keys(entry.keras1?.pairs ?? {})) assert.ok(keys.has(newKey), `${className}: pair → ${newKey}`);
  }
});

test('a class is found by its Keras 2 or Keras 1 name, never by an Object.prototype key', () => {
  assert.deepEqual(KERAS1_CLASS_NAMES, { Convolution2D: 'Conv2D', SeparableConvolution2D: 'SeparableConv2D' });
  assert.equal(keras2ClassName('Convolution2D'), 'Conv2D');
  assert.equal(layerEntry('Convolution2D'), LAYER_REGISTRY.Conv2D);
  assert.equal(layerEntry('UpSampling2D'), LAYER_REGISTRY.UpSampling2D);
  for (const name of ['constructor', 'toString', '__proto__', 'conv2d', 'LSTM']) {
    assert.equal(layerEntry(name), undefined, name);
    assert.equal(isLayerClass(name), false, name);
  }
});

test('accepted config keys are the strict schema keys, name and input_shape included', () => {
  assert.deepEqual([...acceptedConfigKeys(LAYER_REGISTRY.Dropout)].sort(), ['input_shape', 'name', 'rate', 'seed']);
  assert.deepEqual(keras1Renames(LAYER_REGISTRY.Dense), { output_dim: 'units', init: 'kernel_initializer', bias: 'use_bias' });
  assert.deepEqual(keras1Renames(LAYER_REGISTRY.Flatten), {});
});
