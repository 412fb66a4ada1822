import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeFailure, UserError } from '../../src/errors.js';
import { describeFileSystemError } from '../../src/util/fs-error.js';

function errno(code: string, path: string, syscall = 'read'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} ${path}`), { code, path, syscall });
}

test('EIO is the disk failing (exit 1), except under /proc or /sys, where it is the path (exit 2)', () => {
  const disk = describeFileSystemError(errno('EIO', '/tmp/data.bin'));
  assert.ok(disk instanceof RuntimeFailure && disk.exitCode === 1, String(disk));
  // /proc/self/mem reads EIO at offset 0: the user named a file that holds no data.
  const proc = describeFileSystemError(errno('EIO', '/proc/self/mem'));
  assert.ok(proc instanceof UserError && !(proc instanceof RuntimeFailure) && proc.exitCode === 2, String(proc));
  assert.match(proc.toLine(), /^\/proc\/self\/mem: could not use here: an input\/output error of the device \(EIO\)\./);
});

test('a read-only file system names the path, exit 2', () => {
  const error = describeFileSystemError(errno('EROFS', '/mnt/ro/run', 'mkdir'));
  assert.ok(error instanceof UserError && error.exitCode === 2);
  assert.match(error.toLine(), /^\/mnt\/ro\/run: could not write here: a read-only file system \(EROFS\)\. Write elsewhere/);
});
