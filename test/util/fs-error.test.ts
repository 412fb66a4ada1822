import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RuntimeFailure, UserError } from '../../src/errors.js';
import { describeFileSystemError, isFileSystemError, pseudoFileSystem } from '../../src/util/fs-error.js';

/** An error shaped as Node's file-system errors are. */
function fsError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, path });
}

test('a full disk is a machine failure (exit 1); atomic-write\'s temporary file is named by its directory', () => {
  const error = describeFileSystemError(fsError('ENOSPC', 'write', '/runs/r1/.metrics.json.4242.1f3a.tmp'));
  assert.ok(error instanceof RuntimeFailure);
  assert.equal(error.exitCode, 1);
  assert.equal(error.code, 'FS_ENOSPC');
  assert.equal(error.toLine(), '/runs/r1: could not write here: no space left on the device (ENOSPC). Free some space there, or write elsewhere (--out).');
});

test('a path the user got wrong is a UserError (exit 2); the verb follows the system call or the caller', () => {
  const denied = describeFileSystemError(fsError('EACCES', 'mkdir', '/root/x'));
  assert.ok(denied instanceof UserError && !(denied instanceof RuntimeFailure));
  assert.equal(denied.exitCode, 2);
  assert.equal(denied.toLine(), '/root/x: could not write here: permission denied (EACCES). Make it writable for this user, or write elsewhere (--out).');
  const stat = describeFileSystemError(fsError('ENOTDIR', 'stat', '/a/file/b')) as UserError;
  assert.match(stat.toLine(), /^\/a\/file\/b: could not use here: a path through something that is not a directory \(ENOTDIR\)\./);
  const told = describeFileSystemError(fsError('EROFS', 'open', '/ro/x'), 'could not create') as UserError;
  assert.match(told.toLine(), /^\/ro\/x: could not create here: a read-only file system \(EROFS\)\./);
});

test('an error without a path (a write through a file handle) is still one line, without "here"', () => {
  const error = describeFileSystemError(fsError('EIO', 'write')) as UserError;
  assert.equal(error.file, undefined);
  assert.equal(error.toLine(), 'could not write: an input/output error of the device (EIO). Check the disk, or write elsewhere (--out).');
});

test('real errors from Node are recognised: a folder made under a file, a folder read as a file', async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kerasts-fs-error-'));
  try {
    const file = join(dir, 'file');
    await fs.writeFile(file, 'x');
    const mkdir = await fs.mkdir(join(file, 'sub')).catch((e: unknown) => e);
    assert.ok(isFileSystemError(mkdir));
    assert.equal((describeFileSystemError(mkdir) as UserError).toLine(), `${join(file, 'sub')}: could not write here: a path through something that is not a directory (ENOTDIR). Check the path.`);
    // readFile reads through a handle: Node's error then carries no path.
    const read = await fs.readFile(dir).catch((e: unknown) => e);
    assert.equal((describeFileSystemError(read) as UserError).toLine(), 'could not use: a directory where a file was expected (EISDIR). Check the path.');
  } finally {
    await fs.rm(dir, { recursive: true });
  }
});

test('anything else is handed back unchanged: other errors, unknown codes, UserErrors', () => {
  const plain = new Error('boom');
  assert.equal(describeFileSystemError(plain), plain);
  const unknownCode = fsError('EWHATEVER', 'open', '/x');
  assert.equal(isFileSystemError(unknownCode), false);
  assert.equal(describeFileSystemError(unknownCode), unknownCode);
  const noSyscall = Object.assign(new Error('x'), { code: 'ENOENT' });
  assert.equal(describeFileSystemError(noSyscall), noSyscall);
  const user = new UserError('already one line');
  assert.equal(describeFileSystemError(user), user);
  assert.equal(describeFileSystemError('a string'), 'a string');
});

test('pseudoFileSystem names /proc and /sys, and nothing for an ordinary or missing path', async () => {
  assert.equal(await pseudoFileSystem('/proc/self'), 'proc');
  assert.equal(await pseudoFileSystem('/proc'), 'proc');
  assert.equal(await pseudoFileSystem('/sys/kernel'), 'sysfs');
  assert.equal(await pseudoFileSystem('/processes'), undefined, 'only the folder itself, not a name starting with it');
  assert.equal(await pseudoFileSystem(tmpdir()), undefined);
  assert.equal(await pseudoFileSystem(join(tmpdir(), 'kerasts-no-such-dir', 'x')), undefined);
});


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
