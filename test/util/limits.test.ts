import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxInMemoryBytes } from '../../src/util/limits.js';

test('the in-memory limit is a sixteenth of the RAM unless KERASTS_MAX_IN_MEMORY_BYTES says otherwise', () => {
  assert.equal(maxInMemoryBytes({}, 16_000), 1000);
  assert.equal(maxInMemoryBytes({ KERASTS_MAX_IN_MEMORY_BYTES: '1048576' }, 16_000), 1_048_576);
  assert.equal(maxInMemoryBytes({ KERASTS_MAX_IN_MEMORY_BYTES: '0' }, 16_000), 0, 'zero streams every directory split');
  // A value that is not a byte count is ignored rather than streaming or holding by accident.
  assert.equal(maxInMemoryBytes({ KERASTS_MAX_IN_MEMORY_BYTES: 'lots' }, 16_000), 1000);
  assert.equal(maxInMemoryBytes({ KERASTS_MAX_IN_MEMORY_BYTES: '-5' }, 16_000), 1000);
});
