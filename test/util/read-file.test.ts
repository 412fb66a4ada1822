import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeFailure, UserError } from '../../src/errors.js';
import { formatLimit, openRegularFile, readRegularFile, type ReadFileOptions } from '../../src/util/read-file.js';
import { tempDir } from '../helpers/cli.js';

const OPTIONS = { what: 'spec', code: 'X', maxBytes: 1024 };

async function refusal(path: string, options: ReadFileOptions = OPTIONS): Promise<UserError> {
  try {
    await readRegularFile(path, options);
  } catch (error) {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${path} to be refused`);
}

test('a regular file within the limit is read whole', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'a.json'), 'x'.repeat(1024));
  assert.equal((await readRegularFile(join(dir, 'a.json'), OPTIONS)).toString(), 'x'.repeat(1024));
  writeFileSync(join(dir, 'empty'), '');
  assert.equal((await readRegularFile(join(dir, 'empty'), OPTIONS)).length, 0);
});

test('devices, directories, pipes, missing and oversized files are refused before reading', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'big'), '');
  truncateSync(join(dir, 'big'), 1025);
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  const cases: [string, RegExp][] = [
    ['/dev/zero', /^\/dev\/zero: the spec must be a regular file\. Received: a character device\.$/],
    ['/dev/urandom', /^\/dev\/urandom: the spec must be a regular file\. Received: a character device\.$/],
    [join(dir, 'folder'), /folder: the spec must be a regular file\. Received: a directory\.$/],
    [join(dir, 'pipe'), /pipe: the spec must be a regular file\. Received: a named pipe\.$/],
    [join(dir, 'big'), /big: the spec must be at most 1024 bytes\. Received: 1025 bytes\.$/],
    [join(dir, 'none'), /none: the spec must be a readable file\. Received: no such file\.$/],
    [join(dir, 'big', 'x'), /x: the spec must be a readable file\. Received: a path through something that is not a directory\.$/],
  ];
  for (const [path, pattern] of cases) {
    const error = await refusal(path);
    assert.equal(error.exitCode, 2, path);
    assert.ok(!(error instanceof RuntimeFailure));
    assert.match(error.toLine(), pattern);
  }
  const custom = await refusal(join(dir, 'none'), { ...OPTIONS, missing: () => new UserError('no such file.', { file: 'none' }) });
  assert.equal(custom.toLine(), 'none: no such file.');
});

test('formatLimit writes whole MiB as MiB', () => {
  assert.equal(formatLimit(64 * 1024 * 1024), '64 MiB');
  assert.equal(formatLimit(1000), '1000 bytes');
});

test('files of /proc and /sys, symlink loops and over-long names are refused as the path, exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  const cases: [string, RegExp][] = [
    // A regular file to stat whose read is EIO: was a RuntimeFailure (exit 1) naming no fault of the path.
    ['/proc/self/mem', /^\/proc\/self\/mem: the spec must be a file on a disk\. Received: a file of the proc pseudo file system\.$/],
    // Size 0 to stat but full of text: would have read one byte and called it "changed".
    ['/proc/self/status', /^\/proc\/self\/status: the spec must be a file on a disk\. Received: a file of the proc pseudo file system\.$/],
    [join(dir, 'loop-a'), /loop-a: the spec must be a readable file\. Received: a loop of symbolic links\.$/],
    [join(dir, 'n'.repeat(300)), /: the spec must be a readable file\. Received: a name that is too long\.$/],
  ];
  for (const [path, pattern] of cases) {
    const error = await refusal(path);
    assert.equal(error.exitCode, 2, path);
    assert.match(error.toLine(), pattern);
  }
});

test('openRegularFile hands back the open file and its size, checked through the descriptor', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'a'), 'abc');
  const { handle, size } = await openRegularFile(join(dir, 'a'), OPTIONS);
  try {
    assert.equal(size, 3);
    assert.equal((await handle.readFile()).toString(), 'abc');
  } finally {
    await handle.close();
  }
  await assert.rejects(openRegularFile('/dev/null', OPTIONS), /must be a regular file\. Received: a character device/);
});
