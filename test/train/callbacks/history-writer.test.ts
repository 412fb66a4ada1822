import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunDirectory } from '../../../src/run/run-directory.js';
import { HistoryWriter } from '../../../src/train/callbacks/history-writer.js';
import { tempDir } from '../../helpers/cli.js';
import { FakeLoop } from '../../helpers/training-loop.js';

test('history.csv is rewritten after every epoch with the whole history, resumed epochs included', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const runDir = new RunDirectory(dir);
  const writer = new HistoryWriter(runDir);
  const loop = new FakeLoop({} as never);
  await writer.onEpochEnd(loop.record(1, { loss: 1 }), loop);
  assert.deepEqual((await runDir.readHistory()).map((record) => record.epoch), [1]);
  await writer.onEpochEnd(loop.record(2, { loss: 0.5 }), loop);
  assert.deepEqual(await runDir.readHistory(), loop.history);
});
