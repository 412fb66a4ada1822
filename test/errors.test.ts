import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../src/errors.js';

test('UserError renders file, location, message and hint on one line', () => {
  const error = new UserError('must be a positive integer.\nReceived: -32.', {
    file: 'spec.json',
    location: 'model.layers[2].filters',
    hint: 'Use e.g. 32.',
  });
  assert.equal(error.toLine(), 'spec.json: model.layers[2].filters: must be a positive integer. Received: -32. Use e.g. 32.');
  assert.equal(error.exitCode, 2);
});
