import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, KERASTS_BIN, runCli, runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { historyEpochs, project } from '../helpers/train-project.js';
import { RUN_FILES } from '../../src/run/layout.js';

// The run directory's lock and naming (issue 11.5). The lock file's name is RUN_FILES.lock.
const LOCK = 'run.lock';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Starts `kerasts` without waiting; `done` resolves with its result. */
function startCli(args: string[], cwd: string): { pid: number; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [KERASTS_BIN, ...args], { cwd, env: isolatedEnv(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { pid: child.pid!, done };
}

test('a second train into the same --out while the first runs is exit 2 naming the holder; the first run is untouched', async (t) => {
  const p = project(t);
  const out = join(p.dir, 'run');
  const args = ['--backend', 'wasm', 'train', p.spec, '--data', p.data, '--out', out, '--epochs', '40', '--workers', '1', '--quiet'];
  const first = startCli(args, p.dir);
  let status: CliResult | undefined;
  void first.done.then((result) => (status = result));
  // The lock is taken before any data is loaded: wait for it, then start the second run.
  for (let i = 0; i < 600 && !existsSync(join(out, LOCK)) && status === undefined; i++) await sleep(50);
  assert.ok(existsSync(join(out, LOCK)), `the first run locked ${out}: ${status?.stderr}`);
  const second = await runCliAsync(args, p.dir);
  const again = await runCliAsync([...args, '--resume'], p.dir);
  const firstResult = await first.done;
  assert.equal(firstResult.status, 0, firstResult.stderr);
  for (const [name, result] of [['train', second], ['train --resume', again]] as const) {
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    assert.equal(result.stderr.trim().split('\n').length, 1, `${name}: one line: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`run: another kerasts process must not be writing this run\\. Received: a lock held by process ${first.pid} since `), name);
  }
  assert.equal(historyEpochs(out).length, 40, 'the first run wrote its history alone');
  assert.ok(!existsSync(join(out, LOCK)), 'the lock is released when the run ends');
});

test('two runs started at once without --out get run directories of their own', async (t) => {
  const p = project(t);
  const args = ['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--epochs', '1', '--limit', '32', '--workers', '1', '--quiet'];
  const results = await Promise.all([runCliAsync(args, p.dir), runCliAsync(args, p.dir)]);
  for (const result of results) assert.equal(result.status, 0, result.stderr);
  const dirs = results.map((result) => /Run directory: (.+)/.exec(result.stdout)?.[1]);
  assert.notEqual(dirs[0], dirs[1]);
  const names = readdirSync(join(p.dir, 'runs')).sort();
  assert.equal(names.length, 2, names.join(' '));
  // Same second: the second name has a -2 suffix; otherwise both are plain timestamps.
  assert.match(names.join(' '), /^spec-\d{8}-\d{6} spec-\d{8}-\d{6}(-2)?$/);
  for (const name of names) assert.deepEqual(historyEpochs(join(p.dir, 'runs', name)).map((row) => row.epoch), [1]);
});

test('a stale lock from a killed run is taken over with a notice, and --resume continues the run', (t) => {
  const p = project(t);
  const out = join(p.dir, 'run');
  const args = ['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--out', out, '--limit', '32', '--workers', '1'];
  const trained = runCli([...args, '--epochs', '1'], { cwd: p.dir });
  assert.equal(trained.status, 0, trained.stderr);
  // pid 2**22 + 1 is above Linux's pid_max, so no process has it.
  const dead = { pid: 4194305, host: hostname(), started: new Date().toISOString() };
  writeFileSync(join(out, LOCK), JSON.stringify(dead));
  const resumed = runCli([...args, '--epochs', '2', '--resume'], { cwd: p.dir });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`Taking over a stale lock of process ${dead.pid} \\(no longer running\\) in ${out}\\.`));
  assert.deepEqual(historyEpochs(out).map((row) => row.epoch), [1, 2]);
  assert.ok(!existsSync(join(out, LOCK)));
  // A live holder (this test process, started before the lock) keeps it.
  writeFileSync(join(out, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }));
  const refused = runCli([...args, '--epochs', '3', '--resume'], { cwd: p.dir });
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, new RegExp(`a lock held by process ${process.pid} since .*remove ${join(out, LOCK).replace(/\./g, '\\.')}`));
  assert.equal(JSON.parse(readFileSync(join(out, LOCK), 'utf8')).pid, process.pid, 'a held lock is left alone');
});

test('--out that cannot hold a run is one line, exit 2, before any data is loaded (the data path here does not exist)', (t) => {
  const p = project(t);
  writeFileSync(join(p.dir, 'a-file'), '');
  const cases: { out: string; pattern: RegExp }[] = [
    { out: join(p.dir, 'a-file'), pattern: /a-file: --out must be a directory kerasts can create and write\. Received: a file\./ },
    { out: join(p.dir, 'a-file', 'run'), pattern: /Received: a path through .*a-file, which is a file\./ },
    { out: '/proc/kerasts-run', pattern: /Received: a path on the proc pseudo file system/ },
    { out: '/sys/kerasts-run', pattern: /Received: a path on the sysfs pseudo file system/ },
    { out: join(p.dir, 'x'.repeat(300)), pattern: /Received: a name of 300 bytes/ },
  ];
  for (const example of cases) {
    const result = runCli(['--backend', 'cpu', 'train', p.spec, '--data', join(p.dir, 'missing'), '--out', example.out, '--workers', '1'], { cwd: p.dir, timeoutMs: 30_000 });
    assert.equal(result.status, 2, `${example.out}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n').filter((line) => !line.includes('backend'));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, example.pattern);
  }
});

test('a full disk (200 KB tmpfs) is one line, exit 1, naming the path; no half-made run directory is left', (t) => {
  const p = project(t);
  // Outside the project folder, whose removal would otherwise run before the umount.
  const { dir: mount, remove } = tempDir('kerasts-small-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mount]);
  if (mounted.status !== 0) {
    remove();
    t.skip(`cannot mount a tmpfs here: ${String(mounted.stderr).trim() || 'mount failed'}`);
    return;
  }
  t.after(() => {
    spawnSync('umount', [mount]);
    remove();
  });
  const result = runCli(['--backend', 'cpu', 'train', p.spec, '--data', p.data, '--out', join(mount, 'run'), '--epochs', '1', '--limit', '32', '--workers', '1'], { cwd: p.dir });
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stderr.trim().split('\n').filter((line) => line.startsWith('kerasts:'));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /could not write.*: no space left on the device \(ENOSPC\)\. Free some space/);
  // A write through a file handle carries no path of its own: the line still names where.
  assert.ok(lines[0]!.startsWith(`kerasts: ${join(mount, 'run')}`), `names the run directory: ${lines[0]}`);
  // Either the disk filled before the first checkpoint (run removed) or after it (run kept, resumable).
  const left = readdirSync(mount);
  assert.ok(left.length === 0 || existsSync(join(mount, 'run', RUN_FILES.checkpoint)), `no half-made run: ${left.join(' ')}`);
});
