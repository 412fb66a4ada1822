import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../../src/errors.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { acquireRunLock, holderAlive, runLockSchema } from '../../src/run/lock.js';
import { tempDir } from '../helpers/cli.js';

/** The pid of a process that has exited (so, on this host, not alive). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const lockedBy = (pattern: RegExp) => (error: unknown) => error instanceof UserError && error.code === 'RUN_LOCKED' && error.exitCode === 2 && pattern.test(error.toLine());

test('the lock holds pid, host and start time; a second taker is refused naming the holder; release frees it', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const lock = await acquireRunLock(dir);
  const path = join(dir, RUN_FILES.lock);
  const holder = runLockSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  assert.equal(holder.pid, process.pid);
  assert.equal(holder.host, hostname());
  assert.ok(Math.abs(Date.parse(holder.started) - Date.now()) < 60_000);
  await assert.rejects(acquireRunLock(dir), lockedBy(new RegExp(`a lock held by process ${process.pid} since .* remove ${path.replace(/[.]/g, '\\.')}`)));
  lock.release();
  assert.ok(!existsSync(path));
  lock.release();
  (await acquireRunLock(dir)).release();
});

test('a stale lock (dead pid, reused pid, unreadable) is taken over with a notice; another host\'s is not', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, RUN_FILES.lock);
  const started = new Date().toISOString();
  const cases = [
    { name: 'dead pid', content: JSON.stringify({ pid: deadPid(), host: hostname(), started }), notice: /Taking over a stale lock of process \d+ \(no longer running\)/ },
    // This process is alive but started long after 2001: the pid was reused, the holder is gone.
    { name: 'reused pid', content: JSON.stringify({ pid: process.pid, host: hostname(), started: '2001-01-01T00:00:00.000Z' }), notice: /stale lock of process/ },
    { name: 'empty (killed between create and write)', content: '', notice: /Taking over an unreadable lock/ },
  ];
  for (const example of cases) {
    writeFileSync(path, example.content);
    const lines: string[] = [];
    const lock = await acquireRunLock(dir, (line) => lines.push(line));
    assert.match(lines.join('\n'), example.notice, example.name);
    assert.equal(runLockSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).pid, process.pid, example.name);
    lock.release();
  }
  const elsewhere = { pid: deadPid(), host: `not-${hostname()}`, started };
  assert.equal(holderAlive(elsewhere), true, 'a pid on another host cannot be checked, so counts as alive');
  writeFileSync(path, JSON.stringify(elsewhere));
  await assert.rejects(acquireRunLock(dir), lockedBy(new RegExp(`process ${elsewhere.pid} on host not-`)));
});

test('release never removes a lock that another process has taken over', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const lock = await acquireRunLock(dir);
  const other = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date(Date.now() + 1000).toISOString() });
  writeFileSync(lock.path, other);
  lock.release();
  assert.equal(readFileSync(lock.path, 'utf8'), other);
});

test('the lock is released on every way out: return, error, process.exit, SIGTERM and SIGINT (exit 130)', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const lockModule = resolve(import.meta.dirname, '../../src/run/lock.ts');
  const endings: { name: string; code: string; signal?: NodeJS.Signals; status: number }[] = [
    { name: 'return', code: '', status: 0 },
    { name: 'uncaught error', code: 'throw new Error("boom");', status: 1 },
    { name: 'process.exit', code: 'process.exit(3);', status: 3 },
    { name: 'SIGTERM', code: 'setInterval(() => {}, 1000);', signal: 'SIGTERM', status: 130 },
    { name: 'SIGINT', code: 'setInterval(() => {}, 1000);', signal: 'SIGINT', status: 130 },
  ];
  for (const ending of endings) {
    const runDir = join(dir, ending.name.replace(/\W/g, '-'));
    const script = `import { mkdirSync } from 'node:fs'; import { acquireRunLock } from ${JSON.stringify(lockModule)};
      mkdirSync(${JSON.stringify(runDir)}); await acquireRunLock(${JSON.stringify(runDir)}); process.stdout.write('locked\\n'); ${ending.code}`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    if (ending.signal) {
      assert.ok(existsSync(join(runDir, RUN_FILES.lock)), `${ending.name}: locked`);
      child.kill(ending.signal);
    }
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    assert.equal(status, ending.status, `${ending.name}: ${stderr}`);
    assert.ok(!existsSync(join(runDir, RUN_FILES.lock)), `${ending.name}: the lock is gone`);
  }
});
