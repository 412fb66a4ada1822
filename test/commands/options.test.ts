import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { integerFlag, parseOptions } from '../../src/commands/options.js';
import { userError } from '../helpers/user-error.js';

// Unit checks of the option parser; the same mistakes through the binary are in options.slow.test.ts.
const schema = z.object({ normalize: z.enum(['per-filter', 'global'], { message: 'must be per-filter or global' }), cols: integerFlag(1).optional() });

test('a misspelt choice is answered with the nearest one; a far one and other mistakes are not', () => {
  assert.throws(() => parseOptions(schema, { normalize: 'globl' }), userError(/^--normalize: must be per-filter or global\. Received: "globl"\. Did you mean "global"\?$/, 'BAD_OPTION'));
  assert.throws(() => parseOptions(schema, { normalize: 'median' }), userError(/^--normalize: must be per-filter or global\. Received: "median"\.$/));
  assert.throws(() => parseOptions(schema, { normalize: 'global', cols: '0x10' }), userError(/^--cols: must be a positive integer \(decimal digits only\)\. Received: "0x10"\.$/));
  assert.deepEqual(parseOptions(schema, { normalize: 'global', cols: '3' }), { normalize: 'global', cols: 3 });
});
