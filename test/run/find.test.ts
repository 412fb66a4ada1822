import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestCheckpointedRun, latestFinishedRun, newestRunWith } from '../../src/run/find.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { tempDir } from '../helpers/cli.js';

function fileAt(path: string, seconds: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '{}');
  utimesSync(path, seconds, seconds);
}

test('the latest run is the one whose marker file was written last, not the last name', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  fileAt(join(dir, 'a-2', RUN_FILES.model), 1000);
  fileAt(join(dir, 'a-1', RUN_FILES.model), 2000);
  fileAt(join(dir, 'b-1', RUN_FILES.checkpoint), 3000);
  fileAt(join(dir, 'a-3', RUN_FILES.checkpoint), 2500);
  mkdirSync(join(dir, 'empty'));
  assert.equal(await latestFinishedRun(dir), join(dir, 'a-1'));
  assert.equal(await latestCheckpointedRun('a', dir), join(dir, 'a-3'));
  assert.equal(await latestCheckpointedRun('b', dir), join(dir, 'b-1'));
  assert.equal(await latestCheckpointedRun('c', dir), undefined);
  assert.equal(await newestRunWith(join(dir, 'missing'), RUN_FILES.model), undefined, 'a missing parent has no runs');
});
