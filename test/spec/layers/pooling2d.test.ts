import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { pooling2d } from '../../../src/spec/layers/pooling2d.js';
import { assertBuildError, assertConfigError, configOf } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

test('a pooling entry carries the class name and prefix it is given, and the shared rules', () => {
  let built: unknown;
  const entry = pooling2d('TestPooling2D', 'test_pooling2d', (args) => {
    built = args;
    return {} as never;
  });
  assert.equal(entry.className, 'TestPooling2D');
  assert.equal(entry.namePrefix, 'test_pooling2d');
  const config = entry.schema.parse({ pool_size: 3 });
  entry.toTfjs(config, { name: 'p', dataFormat: 'channels_first', input: [null, 1, 9, 9] });
  // Omitted strides are the pool size, as in Keras; the data format is tfjs's spelling.
  assert.deepEqual(built, { name: 'p', poolSize: 3, strides: 3, padding: 'valid', dataFormat: 'channelsFirst' });
  assert.deepEqual(entry.outputShape(config, [null, 1, 9, 10], { dataFormat: 'channels_first' }), [null, 1, 3, 3]);
  assert.deepEqual(entry.outputShape({ ...config, strides: [1, 2] }, [null, 9, 10, 4], { dataFormat: 'channels_last' }), [null, 7, 4, 4]);
  assert.equal(entry.params(config, [null, 9, 9, 4], { dataFormat: 'channels_last' }), 0);
  assert.equal(entry.check(config, [null, 2, 2, 1], { dataFormat: 'channels_last' })?.message.startsWith('pool_size (3, 3) must fit'), true);
  assert.equal(entry.check({ ...config, padding: 'same' }, [null, 2, 2, 1], { dataFormat: 'channels_last' }), undefined);
});

test('pooling takes Keras 1 border_mode and dim_ordering, and defaults to a 2x2 valid pool', () => {
  assert.deepEqual(configOf({ class_name: 'MaxPooling2D' }), { pool_size: [2, 2], padding: 'valid' });
  assert.deepEqual(configOf({ class_name: 'AveragePooling2D', config: { border_mode: 'same', dim_ordering: 'th' } }), {
    pool_size: [2, 2],
    padding: 'same',
    data_format: 'channels_first',
  });
});

test('pooling refuses bad values with the JSON path', () => {
  assertConfigError({ class_name: 'MaxPooling2D', config: { pool_size: -2 } }, /model\.layers\[0\]\.config\.pool_size must be a positive integer/);
  assertConfigError({ class_name: 'AveragePooling2D', config: { padding: 'full' } }, /model\.layers\[0\]\.config\.padding must be "valid" or "same"\. Received: "full"\./);
  assertConfigError({ class_name: 'MaxPooling2D', config: { size: 2 } }, /model\.layers\[0\]\.config\.size is not a known key/);
});

test('a pool larger than its input is refused', () => {
  assertBuildError([{ class_name: 'MaxPooling2D', config: { pool_size: 4 } }], [3, 3, 1], 'tf', /model\.layers\[0\] \(max_pooling2d_1, MaxPooling2D\): pool_size \(4, 4\) must fit/);
});
