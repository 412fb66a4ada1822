import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { flatten } from '../../../src/spec/layers/flatten.js';
import { assertBuildError, assertConfigError, flatTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

flatTests([
  ['Flatten tf', { class_name: 'Flatten' }, [12, 12, 32], 'tf', [null, 4608], 0],
  ['Flatten th', { class_name: 'Flatten' }, [32, 12, 12], 'th', [null, 4608], 0],
  ['Flatten of a 2-D sample', { class_name: 'Flatten' }, [3, 5], 'tf', [null, 15], 0],
]);

const flat = (config: object, input: number[], values: number[]) =>
  tf.tidy(() => {
    const layer = flatten.toTfjs(flatten.schema.parse(config), { name: 'flatten_1', dataFormat: 'channels_first', inputShape: input, input: [null, ...input] });
    return Array.from((layer.apply(tf.tensor([values], [1, ...input])) as tf.Tensor).dataSync());
  });

test('Flatten keeps memory order by default under th, and reorders to channels-last only when data_format is given', () => {
  // (channels 2, rows 1, cols 2): memory order is c0r0c0, c0r0c1, c1r0c0, c1r0c1.
  assert.deepEqual(flat({}, [2, 1, 2], [1, 2, 3, 4]), [1, 2, 3, 4]);
  assert.deepEqual(flat({ data_format: 'channels_first' }, [2, 1, 2], [1, 2, 3, 4]), [1, 3, 2, 4]);
});

test('Flatten of a flat input is refused, and bad data_format names the key', () => {
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'Flatten' }], [4, 4, 1], 'tf', /model\.layers\[1\] \(flatten_2, Flatten\): needs an input of at least 3 dimensions \(batch and 2 more\)\. Received: input shape \(None, 16\)\./);
  assertConfigError({ class_name: 'Flatten', config: { data_format: 'last' } }, /model\.layers\[0\]\.config\.data_format must be "channels_last" or "channels_first"/);
});
