import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';

/** An `assert.rejects`/`assert.throws` checker: a UserError with exit code 2 whose one line matches. */
export function userError(pattern: RegExp, code?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    if (code) assert.equal(error.code, code);
    assert.match(error.toLine(), pattern);
    assert.ok(!error.toLine().includes('\n'), 'one line');
    return true;
  };
}
