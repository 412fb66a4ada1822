import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { assertConfigError, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['ZeroPadding2D 1', { class_name: 'ZeroPadding2D', config: { padding: 1 } }, [5, 5, 3], [7, 7, 3], 0],
  ['ZeroPadding2D (2, 0)', { class_name: 'ZeroPadding2D', config: { padding: [2, 0] } }, [5, 5, 3], [9, 5, 3], 0],
  ['ZeroPadding2D ((1,2),(0,3))', { class_name: 'ZeroPadding2D', config: { padding: [[1, 2], [0, 3]] } }, [5, 5, 3], [8, 8, 3], 0],
]);

test('ZeroPadding2D defaults to 1 and refuses negative or ragged padding with the JSON path', () => {
  assert.deepEqual(configOf({ class_name: 'ZeroPadding2D' }), { padding: 1 });
  const message = /model\.layers\[0\]\.config\.padding must be an integer, a list of two, or a list of two lists of two/;
  assertConfigError({ class_name: 'ZeroPadding2D', config: { padding: -1 } }, message);
  assertConfigError({ class_name: 'ZeroPadding2D', config: { padding: [1.5, 1] } }, /model\.layers\[0\]\.config\.padding\[0\] must be an integer, .*Received: 1\.5\./);
  assertConfigError({ class_name: 'ZeroPadding2D', config: { padding: 'same' } }, message);
});
