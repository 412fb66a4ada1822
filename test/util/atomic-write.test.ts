import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeFileDurable } from '../../src/util/atomic-write.js';
import { userError } from '../helpers/user-error.js';
import { tempDir } from '../helpers/cli.js';

test('an atomic write replaces the file whole and leaves no temporary file', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'metrics.json');
  writeFileSync(path, 'old');
  await writeFileAtomic(path, '{"new":true}');
  assert.equal(readFileSync(path, 'utf8'), '{"new":true}');
  await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
  assert.deepEqual(readdirSync(dir), ['metrics.json']);
});

test('a failed atomic write keeps the old file and removes its temporary file', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  // A directory where the file should go: the rename fails after the temporary file is written.
  const path = join(dir, 'taken');
  mkdirSync(path);
  writeFileSync(join(path, 'inside'), 'kept');
  await assert.rejects(writeFileAtomic(path, 'data'));
  assert.deepEqual(readdirSync(dir), ['taken']);
  assert.equal(readFileSync(join(path, 'inside'), 'utf8'), 'kept');
  await assert.rejects(writeFileAtomic(join(dir, 'missing', 'x.json'), 'data'), { code: 'ENOENT' });
});

test('a write that fails through the file handle (ENOSPC on /dev/full) names the file', async () => {
  await assert.rejects(writeFileDurable('/dev/full', 'x'), (error: NodeJS.ErrnoException) => {
    assert.equal(error.code, 'ENOSPC');
    assert.equal(error.path, '/dev/full');
    return true;
  });
});

test('writeFileAtomic never renames over a FIFO or a device node', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  await assert.rejects(writeFileAtomic(join(dir, 'pipe'), 'x'), userError(/pipe: must be a regular file to be written\. Received: a named pipe\./, 'OUTPUT_NOT_A_FILE'));
  assert.ok(lstatSync(join(dir, 'pipe')).isFIFO(), 'the FIFO is left as it was');
  assert.deepEqual(readdirSync(dir), ['pipe'], 'no temporary file is left');
});
