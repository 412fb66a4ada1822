import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../helpers/cli.js';
import { project } from '../helpers/train-project.js';
import { RUN_FILES } from '../../src/run/layout.js';

// Commands other than train that write into a run directory (evaluate's pictures, or a
// report/plot/filters --out inside it) respect the run's lock (issue 11.5): while a train
// holds it they are exit 2 naming the holder, and write nothing.

test('evaluate, report, plot and filters refuse a run whose lock a live train holds; evaluate takes the lock itself', async (t) => {
  const p = project(t);
  const run = join(p.dir, 'run');
  const trained = await runCliAsync(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--out', run, '--epochs', '1', '--limit', '32', '--workers', '1', '--quiet'], p.dir);
  assert.equal(trained.status, 0, trained.stderr);
  const lock = join(run, RUN_FILES.lock);
  // This test process stands for the train: alive, and started before its lock.
  const holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  writeFileSync(lock, JSON.stringify(holder));
  const before = readdirSync(run).sort();
  const cases: [string, string[]][] = [
    ['evaluate', ['--backend', 'cpu', 'evaluate', run, '--data', p.data]],
    ['report --out into the run', ['report', run, '--out', join(run, 'report.html')]],
    ['plot --out into the run', ['plot', run, '--out', join(run, 'model.png')]],
    ['filters --out into the run', ['filters', run, '--out', join(run, 'grid.png')]],
  ];
  for (const [name, args] of cases) {
    const result = await runCliAsync(args, p.dir);
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n').filter((line) => !/backend/i.test(line));
    assert.equal(lines.length, 1, `${name}: one line: ${result.stderr}`);
    assert.match(lines[0]!, new RegExp(`run: another kerasts process must not be writing this run\\. Received: a lock held by process ${process.pid} since `), name);
  }
  assert.deepEqual(readdirSync(run).sort(), before, 'nothing was written into the locked run');
  assert.deepEqual(JSON.parse(readFileSync(lock, 'utf8')), holder, 'the holder keeps its lock');

  // Unlocked, evaluate writes its pictures and leaves no lock of its own behind.
  rmSync(lock);
  const evaluated = await runCliAsync(['--backend', 'cpu', 'evaluate', run, '--data', p.data], p.dir);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.ok(existsSync(join(run, RUN_FILES.confusionMatrix)));
  assert.ok(!existsSync(lock), 'evaluate released its lock');
});
