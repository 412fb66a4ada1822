import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, usageErrorLine } from '../src/errors.js';

test('UserError renders file, location, message and hint on one line', () => {
  const error = new UserError('must be a positive integer.\nReceived: -32.', {
    file: 'spec.json',
    location: 'model.layers[2].filters',
    hint: 'Use e.g. 32.',
  });
  assert.equal(error.toLine(), 'spec.json: model.layers[2].filters: must be a positive integer. Received: -32. Use e.g. 32.');
  assert.equal(error.exitCode, 2);
});

test("a commander usage error becomes one kerasts: line naming the command's --help", () => {
  assert.equal(
    usageErrorLine("error: unknown option '--epoch'\n(Did you mean --epochs?)\n", 'kerasts train'),
    "kerasts: unknown option '--epoch'. Did you mean --epochs? See kerasts train --help.\n",
  );
  assert.equal(usageErrorLine("error: missing required argument 'name'\n", 'kerasts datasets fetch'), "kerasts: missing required argument 'name'. See kerasts datasets fetch --help.\n");
  assert.equal(usageErrorLine('error: too many arguments. Expected 1 argument but got 3.\n', 'kerasts'), 'kerasts: too many arguments. Expected 1 argument but got 3. See kerasts --help.\n');
});
