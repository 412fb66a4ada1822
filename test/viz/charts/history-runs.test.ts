import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../../src/run/layout.js';
import { RunDirectory } from '../../../src/run/run-directory.js';
import type { EpochRecord } from '../../../src/run/schemas.js';
import { MAX_HISTORY_RUNS } from '../../../src/util/limits.js';
import { historyRunDirs, readRunHistories, readRunHistory, sharedPanels } from '../../../src/viz/charts/history-runs.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';

const epochs = (n: number, logs: Record<string, number> = { loss: 1, acc: 0.5 }): EpochRecord[] => Array.from({ length: n }, (_, i) => ({ epoch: i + 1, logs, seconds: 1 }));

/** A folder holding only a history.csv, as written by kerasts train. */
async function fakeRun(dir: string, history: EpochRecord[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await new RunDirectory(dir).writeHistory(history);
  return dir;
}

test('historyRunDirs: the runs given, at most MAX_HISTORY_RUNS, else the run whose history was written last', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  assert.deepEqual(await historyRunDirs(['x', 'y']), ['x', 'y']);
  await assert.rejects(historyRunDirs(Array.from({ length: MAX_HISTORY_RUNS + 1 }, (_, i) => `r${i}`)), userError(new RegExp(`at most ${MAX_HISTORY_RUNS} runs.*Received: ${MAX_HISTORY_RUNS + 1}`), 'TOO_MANY_RUNS'));
  await assert.rejects(historyRunDirs([], join(dir, 'runs')), userError(/No run with a history under .*runs\//, 'NO_RUN'));
  const old = await fakeRun(join(dir, 'runs', 'old'), epochs(1));
  await fakeRun(join(dir, 'runs', 'new'), epochs(1));
  mkdirSync(join(dir, 'runs', 'empty'));
  utimesSync(join(old, RUN_FILES.history), new Date(2020, 1, 1), new Date(2020, 1, 1));
  assert.deepEqual(await historyRunDirs([], join(dir, 'runs')), [join(dir, 'runs', 'new')]);
});

test('readRunHistory: a missing folder, a folder that is not a run, a run with no epoch yet and a damaged history.csv are one line each', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(readRunHistory(join(dir, 'nope')), userError(/nope: must be a run directory\. Received: no such directory/, 'NOT_A_RUN'));
  writeFileSync(join(dir, 'file.csv'), 'epoch,loss,seconds\n');
  await assert.rejects(readRunHistory(join(dir, 'file.csv')), userError(/file\.csv: must be a run directory\. Received: a file\./, 'NOT_A_RUN'));
  mkdirSync(join(dir, 'plain'));
  await assert.rejects(readRunHistory(join(dir, 'plain')), userError(/plain: must be a run directory written by kerasts train.*Runs are the folders under runs\//, 'NOT_A_RUN'));
  // The folder of runs itself: the hint names a run in it.
  const run = await fakeRun(join(dir, 'runs', 'r1'), epochs(2));
  await assert.rejects(readRunHistory(join(dir, 'runs')), userError(/It holds runs: name one, e\.g\. .*runs\/r1\./));
  // A run whose first epoch has not finished: a checkpoint pointer but no history, or an empty one.
  mkdirSync(join(dir, 'started'));
  writeFileSync(join(dir, 'started', RUN_FILES.checkpoint), '{}');
  await assert.rejects(readRunHistory(join(dir, 'started')), userError(/started: has no history yet/, 'NO_HISTORY'));
  await fakeRun(join(dir, 'empty'), []);
  await assert.rejects(readRunHistory(join(dir, 'empty')), userError(/empty: has no history yet/, 'NO_HISTORY'));
  writeFileSync(join(dir, 'started', RUN_FILES.history), 'epoch,loss,seconds\n1,0.5,1\n2,oops,1\n');
  await assert.rejects(readRunHistory(join(dir, 'started')), userError(/started\/history\.csv: line 3: loss must be a number\. Received: "oops"/, 'RUN_FILE_INVALID'));

  const read = await readRunHistory(run);
  assert.equal(read.label, 'r1');
  assert.equal(read.history.length, 2);
});

test('readRunHistories names each run by its folder, by its path where two share a name, and refuses a run given twice', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const a = await fakeRun(join(dir, 'x', 'run'), epochs(1));
  const b = await fakeRun(join(dir, 'y', 'run'), epochs(2));
  const c = await fakeRun(join(dir, 'other'), epochs(3));
  assert.deepEqual((await readRunHistories([a, b, c])).map((r) => [r.label, r.history.length]), [[a, 1], [b, 2], ['other', 3]]);
  await assert.rejects(readRunHistories([c, `${c}/`]), userError(/other\/: is given twice \(also as .*other\)/));
});

test('sharedPanels draws what every run logged, says what it left out, and refuses a named metric a run lacks', () => {
  const withAcc = { dir: 'runs/a', label: 'a', history: epochs(2) };
  const lossOnly = { dir: 'runs/b', label: 'b', history: epochs(2, { loss: 1, val_loss: 2 }) };
  assert.deepEqual(sharedPanels([withAcc], 'both'), { panels: ['loss', 'accuracy'], notices: [] });
  assert.deepEqual(sharedPanels([lossOnly], 'both'), { panels: ['loss'], notices: [] });
  const mixed = sharedPanels([withAcc, lossOnly], 'both');
  assert.deepEqual(mixed.panels, ['loss']);
  assert.deepEqual(mixed.notices, ['Accuracy left out: b logged none; drawing what every run shares.']);
  assert.throws(() => sharedPanels([withAcc, lossOnly], 'accuracy'), userError(/runs\/b\/history\.csv: logged no accuracy.*Received: a history of loss, val_loss\. Use --metric loss\./, 'METRIC_MISSING'));
  assert.deepEqual(sharedPanels([withAcc, lossOnly], 'loss').panels, ['loss']);
  const accOnly = { dir: 'runs/c', label: 'c', history: epochs(1, { acc: 0.5 }) };
  assert.throws(() => sharedPanels([accOnly, lossOnly], 'both'), userError(/No metric is logged by every run/));
});
