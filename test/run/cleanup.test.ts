import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleFiles } from '../../src/run/cleanup.js';
import { tempDir } from '../helpers/cli.js';

function files(dir: string, names: string[]): void {
  for (const name of names) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), '{}');
  }
}

test('what a killed run left half-written goes; the current checkpoint and the run files stay', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, [
    'checkpoint.json', 'checkpoint-3/state.json', 'checkpoint-3/model.json', 'spec.json', 'history.csv', 'model-initial/model.json',
    // killed: while writing epoch 4's folder, after renaming epoch 5's, and inside atomic writes
    'checkpoint-4.tmp/weights.bin', 'checkpoint-5/state.json', 'checkpoint-2/state.json',
    '.history.csv.4242.0a1b2c3d.tmp', 'model-initial/.weights.bin.17.deadbeef.tmp', 'checkpoint-3/.x.1.00000000.tmp', 'model-checkpoint/.model.json.9.12345678.tmp',
    'notes.tmp', '.hidden',
  ]);
  writeFileSync(join(dir, 'checkpoint.json'), '{"folder": "checkpoint-3", "epoch": 3}');
  await removeStaleFiles(dir);
  assert.deepEqual(readdirSync(dir).sort(), ['.hidden', 'checkpoint-3', 'checkpoint.json', 'history.csv', 'model-checkpoint', 'model-initial', 'notes.tmp', 'spec.json']);
  assert.deepEqual(readdirSync(join(dir, 'checkpoint-3')).sort(), ['model.json', 'state.json']);
  assert.deepEqual(readdirSync(join(dir, 'model-initial')), ['model.json']);
  assert.deepEqual(readdirSync(join(dir, 'model-checkpoint')), []);
});

test('with no pointer yet (killed before the first checkpoint was current) every checkpoint folder is a leftover; a legacy checkpoint/ stays', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  files(dir, ['checkpoint-0/state.json', 'checkpoint-1.tmp/model.json', 'checkpoint/state.json']);
  await removeStaleFiles(dir);
  assert.deepEqual(readdirSync(dir), ['checkpoint']);
});
