import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
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
