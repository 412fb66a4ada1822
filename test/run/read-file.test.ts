import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readRunJson } from '../../src/run/read-file.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';

const schema = z.object({ epochs: z.number().int() });

test('readRunJson validates; a missing, non-JSON or wrongly shaped file is one line with exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'metrics.json');
  writeFileSync(path, '{"epochs": 3}');
  assert.deepEqual(await readRunJson(path, schema), { epochs: 3 });
  await assert.rejects(readRunJson(join(dir, 'none.json'), schema), userError(/none\.json: must be a file written by kerasts train\. Received: nothing \(no such file\)/, 'RUN_FILE_INVALID'));
  mkdirSync(join(dir, 'sub.json'));
  await assert.rejects(readRunJson(join(dir, 'sub.json'), schema), userError(/Received: a directory/));
  writeFileSync(path, '{"epochs": 3');
  await assert.rejects(readRunJson(path, schema), userError(/metrics\.json: line 1, column \d+: must be valid JSON/, 'RUN_FILE_INVALID'));
  writeFileSync(path, '{"epochs": "three"}');
  await assert.rejects(readRunJson(path, schema), userError(/metrics\.json: epochs .*Received: "three"/, 'RUN_FILE_INVALID'));
  writeFileSync(path, '[1, 2]');
  await assert.rejects(readRunJson(path, schema), userError(/metrics\.json: /, 'RUN_FILE_INVALID'));
});
