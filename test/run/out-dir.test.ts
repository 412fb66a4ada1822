import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { isRunFileName } from '../../src/run/layout.js';
import { checkOutDir, checkOutDirEmpty, makeDirs } from '../../src/run/out-dir.js';
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

test("a new run's folder may be missing, empty or hold a killed run's own files; anything else is refused, naming what is there", async () => {
  const leftovers = join(dir, 'killed');
  mkdirSync(join(leftovers, 'checkpoint-0.tmp'), { recursive: true });
  for (const name of ['spec.json', 'run.lock', 'filters-before.png', '.history.csv.123.0a1b2c3d.tmp']) writeFileSync(join(leftovers, name), '');
  mkdirSync(join(dir, 'empty'));
  for (const ok of [join(dir, 'missing'), join(dir, 'empty'), leftovers]) await checkOutDirEmpty(ok, '--out', isRunFileName);
  const runs = join(dir, 'runs');
  mkdirSync(join(runs, 'mnist_cnn-20261204-101500'), { recursive: true });
  await assert.rejects(checkOutDirEmpty(runs, '--out', isRunFileName), userError(/runs: --out must be a new or empty folder for a new run.*Received: a folder holding mnist_cnn-20261204-101500\. Choose a new folder \(e\.g\. .*runs\/mine\)/, 'OUT_NOT_EMPTY'));
  for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, 'empty', name), '');
  await assert.rejects(checkOutDirEmpty(join(dir, 'empty'), 'output.dir', isRunFileName), userError(/output\.dir must be .*Received: a folder holding a, b, c, \.\.\. \(4 entries\)\./));
});
