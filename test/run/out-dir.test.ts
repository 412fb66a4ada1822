import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkOutDir, makeDirs } from '../../src/run/out-dir.js';
import { userError } from '../helpers/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasts-out-dir-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'file'), 'x');

test('an existing or creatable folder under a writable one passes', async () => {
  await checkOutDir(dir);
  await checkOutDir(join(dir, 'new', 'deeper', 'run'));
});

test('a file, or a path through a file, is refused in one line naming the flag', async () => {
  await assert.rejects(checkOutDir(join(dir, 'file')), userError(/--out must be a directory kerasts can create and write\. Received: a file\./, 'OUT_UNUSABLE'));
  await assert.rejects(checkOutDir(join(dir, 'file', 'run'), 'output.dir'), userError(/output\.dir must be a directory kerasts can create and write\. Received: a path through .*file, which is a file\./));
});

test('pseudo file systems and over-long names or paths are refused before anything is touched', async () => {
  await assert.rejects(checkOutDir('/proc/kerasts-run'), userError(/Received: a path on the proc pseudo file system/));
  await assert.rejects(checkOutDir(join(dir, 'n'.repeat(256))), userError(/Received: a name of 256 bytes \(at most 4095 bytes a path and 255 a name\)\./));
  const long = join(dir, ...Array.from({ length: 40 }, () => 'd'.repeat(120)));
  await assert.rejects(checkOutDir(long), userError(/Received: a path of \d+ bytes/));
});

test('makeDirs creates the missing folders and returns the topmost it made', async () => {
  const target = join(dir, 'a', 'b', 'c');
  assert.equal(await makeDirs(target), join(dir, 'a'));
  assert.ok(statSync(target).isDirectory());
  assert.equal(await makeDirs(target), undefined, 'nothing created the second time');
  assert.equal(await makeDirs(join(dir, 'a', 'b', 'd')), join(dir, 'a', 'b', 'd'));
  await assert.rejects(makeDirs(join(dir, 'file', 'x')), userError(/could not create the run directory/));
  assert.equal(existsSync(join(dir, 'file', 'x')), false);
});
