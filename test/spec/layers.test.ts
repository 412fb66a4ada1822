import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAYER_CLASSES, LAYER_CONFIG_SCHEMAS, layerSchema } from '../../src/spec/layers.js';
import { LAYER_REGISTRY } from '../../src/spec/layers/registry.js';

test('LAYER_CONFIG_SCHEMAS is each registry entry’s schema', () => {
  for (const className of LAYER_CLASSES) assert.equal(LAYER_CONFIG_SCHEMAS[className], LAYER_REGISTRY[className].schema);
});

test('a layer is {class_name, config}; a class whose arguments all have defaults may leave config out', () => {
  assert.deepEqual(layerSchema.parse({ class_name: 'Flatten' }), { class_name: 'Flatten', config: {} });
  assert.deepEqual(layerSchema.parse({ class_name: 'MaxPooling2D' }), { class_name: 'MaxPooling2D', config: { pool_size: [2, 2], padding: 'valid' } });
  assert.equal(layerSchema.safeParse({ class_name: 'Dense' }).success, false, 'Dense needs units');
  assert.equal(layerSchema.safeParse({ class_name: 'Dense', config: { units: 2 }, extra: 1 }).success, false, 'strict');
});

test('an unknown class_name lists the known classes', () => {
  const result = layerSchema.safeParse({ class_name: 'LSTM', config: {} });
  assert.equal(result.success, false);
  assert.equal(result.error!.issues[0]!.message, `class_name must be one of ${LAYER_CLASSES.join(', ')}`);
});
