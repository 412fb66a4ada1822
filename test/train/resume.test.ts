import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { historyEpochs, project } from '../helpers/train-project.js';
import { firstDifference } from '../../src/train/resume.js';

test('firstDifference names the first JSON path where two specs differ, keys of either side included', () => {
  assert.equal(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }), undefined);
  assert.deepEqual(firstDifference({ model: { layers: [{ units: 3 }, { units: 4 }] } }, { model: { layers: [{ units: 3 }, { units: 5 }] } }),
    { path: 'model.layers[1].units', recorded: 4, received: 5 });
  assert.deepEqual(firstDifference({ fit: { epochs: 2 } }, { fit: { epochs: 2, seed: 7 } }), { path: 'fit.seed', recorded: undefined, received: 7 });
  assert.deepEqual(firstDifference({ a: [1] }, { a: { 0: 1 } }), { path: 'a', recorded: [1], received: { 0: 1 } }, 'an array is not an object with the same keys');
  assert.deepEqual(firstDifference(1, '1'), { path: '', recorded: 1, received: '1' });
  assert.deepEqual(firstDifference({ a: null }, { a: {} }), { path: 'a', recorded: null, received: {} });
});

// --resume continues what the run recorded; a contradiction is one line, exit 2, and the run is untouched.
test('--resume refuses flags and specs that contradict the run, refuses a finished run, and extends it with --epochs', (t) => {
  const p = project(t);
  const run = join(p.dir, 'run');
  const train = (args: string[]) => runCli(['--backend', 'wasm', 'train', ...args], { cwd: p.dir });
  const first = train([p.spec, '--data', p.data, '--out', run, '--epochs', '1', '--limit', '32', '--workers', '1']);
  assert.equal(first.status, 0, first.stderr);
  const metricsBefore = readFileSync(join(run, 'metrics.json'), 'utf8');

  const otherSpec = join(p.dir, 'other.json');
  writeFileSync(otherSpec, JSON.stringify(smallCnnSpec({ fit: { epochs: 2, batch_size: 8, seed: 7 } })));
  const refused: { args: string[]; pattern: RegExp }[] = [
    { args: [p.spec, '--resume', '--out', run, '--data', p.data, '--limit', '40', '--epochs', '2'], pattern: /--limit must be what the resumed run recorded: 32.*Received: 40/ },
    { args: [otherSpec, '--resume', '--out', run, '--epochs', '2'], pattern: /fit\.batch_size: must be as the resumed run recorded it .*\(32\)\. Received: 8/ },
    { args: [p.spec, '--resume', '--out', run], pattern: /the run is finished: 1 epochs trained and evaluated/ },
  ];
  for (const { args, pattern } of refused) {
    const result = train(args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(readFileSync(join(run, 'metrics.json'), 'utf8'), metricsBefore, 'a refused resume leaves metrics.json alone');
  }

  // --epochs extends the run on purpose, with the recorded --limit (no flag repeated).
  const extended = train([p.spec, '--resume', '--out', run, '--epochs', '2']);
  assert.equal(extended.status, 0, extended.stderr);
  assert.deepEqual(historyEpochs(run).map((row) => row.epoch), [1, 2]);
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { dataset: { train: number } };
  assert.equal(metrics.dataset.train, 32);
});
