import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INITIAL_MODEL_PATH } from '../../src/run/layout.js';
import { KERASTS_BIN, runCli } from '../helpers/cli.js';
import { smallCnnSpec, writeSyntheticMnist } from '../helpers/synthetic-data.js';
import { historyEpochs, project } from '../helpers/train-project.js';

/**
 * Runs `kerasts <args>` and sends SIGINT once epoch 2 is reported, as Ctrl-C would; a process
 * that does not exit by itself (e.g. a worker thread left running) is killed and fails the test.
 */
async function interruptAfterEpoch2(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [KERASTS_BIN, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1' } });
  let stderr = '';
  let signalled = false;
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Interrupt once two epochs are done, so the checkpoint holds epoch 2 (or later).
    if (!signalled && /Epoch 2\/\d+/.test(stderr)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await exit;
  clearTimeout(timer);
  return { code, stderr };
}

test('Ctrl-C stops after the batch, keeps the checkpoint, exits 130; --resume continues the epoch numbering', async (t) => {
  // The classic example's Adadelta, so the checkpoint must bring back kerasts's own optimizer class.
  const p = project(t, smallCnnSpec({ compile: { optimizer: 'adadelta' }, fit: { epochs: 200, batch_size: 16, seed: 3 } }));
  const out = join(p.dir, 'run');
  const { code, stderr } = await interruptAfterEpoch2(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--workers', '1'], p.dir);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /training interrupted; the checkpoint of epoch (\d+) is in .*checkpoint-\d+\. Continue with: kerasts train .* --resume --out /);
  const completed = Number(/checkpoint of epoch (\d+)/.exec(stderr)![1]);
  assert.ok(completed >= 2 && completed < 200);
  assert.ok(!existsSync(join(out, 'metrics.json')), 'an interrupted run has no final metrics');
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), Array.from({ length: completed }, (_, i) => i + 1));

  const resumed = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--resume', '--epochs', String(completed + 2), '--workers', '1'], { cwd: p.dir });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`Resuming .* after epoch ${completed} \\(weights and Adadelta state restored\\)`));
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), Array.from({ length: completed + 2 }, (_, i) => i + 1));
  assert.ok(existsSync(join(out, 'metrics.json')));
});

test('with 2 gradient workers: train matches the run directory contract, Ctrl-C exits 130 without hanging, --resume continues', async (t) => {
  const p = project(t, smallCnnSpec({ fit: { epochs: 200, batch_size: 16, seed: 3 } }));
  const quick = join(p.dir, 'quick');
  const trained = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', quick, '--epochs', '3', '--workers', '2'], { cwd: p.dir });
  assert.equal(trained.status, 0, trained.stderr);
  const history = historyEpochs(quick);
  assert.ok(history[2].loss < history[0].loss * 0.8, `loss falls: ${history.map((row) => row.loss).join(' -> ')}`);
  const metrics = JSON.parse(readFileSync(join(quick, 'metrics.json'), 'utf8')) as Record<string, number | string>;
  assert.equal(metrics.workers, 2);
  assert.ok(Number(metrics.test_accuracy) > 0.3, `test accuracy ${metrics.test_accuracy} beats chance`);

  const out = join(p.dir, 'run');
  const { code, stderr } = await interruptAfterEpoch2(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--workers', '2'], p.dir);
  assert.equal(code, 130, stderr);
  const completed = Number(/checkpoint of epoch (\d+)/.exec(stderr)?.[1]);
  assert.ok(completed >= 2 && completed < 200, stderr);
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), Array.from({ length: completed }, (_, i) => i + 1));

  const resumed = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--resume', '--epochs', String(completed + 1), '--workers', '2'], { cwd: p.dir });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), Array.from({ length: completed + 1 }, (_, i) => i + 1));
});

test('with one worker, Ctrl-C stops within the epoch instead of at its end', async (t) => {
  // 4,000 one-image batches: an epoch of many seconds, so an interrupt that waited for its end shows.
  const p = project(t, smallCnnSpec({ fit: { epochs: 2, batch_size: 1, seed: 5 } }));
  writeSyntheticMnist(p.data, 4000, 20);
  const out = join(p.dir, 'run');
  const child = spawn(process.execPath, [KERASTS_BIN, '--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--workers', '1'], { cwd: p.dir, env: { PATH: process.env.PATH, HOME: p.dir, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  // The initial model is saved just before training starts (and the handler is installed).
  while (!existsSync(join(out, INITIAL_MODEL_PATH)) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  child.kill('SIGINT');
  const code = await exit;
  clearTimeout(killer);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /Interrupted: finishing the current batch/);
  assert.match(stderr, /the checkpoint of epoch 0 is in/, 'stopped inside epoch 1, not after it');
  assert.doesNotMatch(stderr, /Epoch 1\/2/, 'epoch 1 never completed');
});

test('the load line says how many training images a validation split holds out, and the run records the same counts', (t) => {
  const p = project(t, smallCnnSpec({ fit: { epochs: 1, batch_size: 32, seed: 7, validation_split: 0.25 } }));
  const out = join(p.dir, 'run');
  const result = runCli(['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /^Dataset mnist: 200 train, 50 test images from .*\. Validation: 50 of the train images held out \(fit\.validation_split 0\.25\), training on the other 150\. Memory: /m);
  const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dataset: { train: number; validation: number } };
  assert.deepEqual([metrics.dataset.train, metrics.dataset.validation], [150, 50]);
});
