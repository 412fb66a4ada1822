/**
 * The run directory's lock (DESIGN.md "The run directory": one process writes a run at a
 * time). A file created exclusively (`wx`, O_EXCL) holding the writer's pid, host and start
 * time; a second `train` or `--resume` on the same directory is refused naming the holder. A
 * lock whose process is gone (same host, pid not alive or now another process) is stale and
 * is taken over with a notice. The lock is released on every way out of the process that
 * Node can see: return, error, `process.exit`, and SIGINT/SIGTERM (exit 130) while nothing
 * else handles them; only SIGKILL or a crash leaves it, as a stale lock.
 */
import { readFileSync, promises as fs, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { EXIT_INTERRUPTED, UserError } from '../errors.js';
import { RUN_FILES } from './layout.js';

/** The lock file's content. */
export const runLockSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** ISO time the lock was taken, to tell a reused pid from the holder. */
  started: z.string(),
});
export type RunLockHolder = z.infer<typeof runLockSchema>;

/** How often, and how long apart, an unreadable lock is read again before it counts as stale. */
const UNREADABLE_RETRIES = 10;
const RETRY_MS = 50;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** When process `pid` started (ms since 1970), from Linux's /proc; undefined where unknown. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, in clock ticks after boot) counts from after the ")" closing the name.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux that Node runs on.
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder may still be running: unknowable on another host, so yes there. */
export function holderAlive(holder: RunLockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A live pid that started well after the lock was written is a reused pid, not the holder.
  const started = processStartMs(holder.pid);
  const locked = Date.parse(holder.started);
  return started === undefined || Number.isNaN(locked) || started <= locked + 2000;
}

async function readHolder(path: string): Promise<RunLockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = runLockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Creates `path` only if it does not exist, with `holder` as its content. */
async function createExclusive(path: string, holder: RunLockHolder): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The holder, reading again while the file is empty or half written (created, not yet filled). */
async function settledHolder(path: string): Promise<RunLockHolder | 'missing' | 'unreadable'> {
  let holder = await readHolder(path);
  for (let i = 0; holder === 'unreadable' && i < UNREADABLE_RETRIES; i++) {
    await sleep(RETRY_MS);
    holder = await readHolder(path);
  }
  return holder;
}

/**
 * Removes the stale lock at `path` if it still is the one judged stale. A second file, taken
 * exclusively, keeps two processes from taking the same stale lock over at once (the one
 * that lost would otherwise delete the winner's fresh lock).
 */
async function removeStale(path: string, stale: RunLockHolder | 'unreadable', me: RunLockHolder): Promise<void> {
  const guard = `${path}.takeover`;
  if (!(await createExclusive(guard, me))) {
    const other = await readHolder(guard);
    if (other === 'unreadable' || (other !== 'missing' && !holderAlive(other))) await fs.rm(guard, { force: true });
    return;
  }
  try {
    const now = await readHolder(path);
    if (JSON.stringify(now) === JSON.stringify(stale)) await fs.rm(path, { force: true });
  } finally {
    await fs.rm(guard, { force: true });
  }
}

function heldError(dir: string, holder: RunLockHolder, path: string): UserError {
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.host}`;
  return new UserError(`another kerasts process must not be writing this run. Received: a lock held by ${where} since ${holder.started}.`, {
    code: 'RUN_LOCKED',
    file: dir,
    hint: `Wait for it to finish, use another --out, or if no such process runs remove ${path}.`,
  });
}

/** A held run-directory lock; `release()` is idempotent and runs at process exit too. */
export class RunLock {
  private released = false;
  private readonly onExit = (): void => this.release();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    // Only when nothing else (the fit loop's Ctrl-C handler) handles the signal: then Node's
    // default would kill the process without an 'exit' event, leaving the lock behind.
    if (process.listenerCount(signal) === 1) process.exit(EXIT_INTERRUPTED);
  };

  constructor(readonly path: string, readonly holder: RunLockHolder) {
    process.on('exit', this.onExit);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    try {
      // Never remove a lock that is no longer ours (taken over after we were judged dead).
      const current = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<RunLockHolder>;
      if (current.pid === this.holder.pid && current.started === this.holder.started) unlinkSync(this.path);
    } catch {
      // Already gone (the run directory was removed) or unreadable: nothing of ours to remove.
    }
  }
}

/**
 * Takes the lock of run directory `dir` (which must exist) for this process. A lock held by
 * a live process is a UserError (exit 2) naming it; a stale one is taken over, saying so
 * through `log`.
 */
export async function acquireRunLock(dir: string, log: (line: string) => void = () => undefined): Promise<RunLock> {
  const path = join(dir, RUN_FILES.lock);
  const me: RunLockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, me)) return new RunLock(path, me);
    const holder = await settledHolder(path);
    if (holder === 'missing') continue;
    if (holder !== 'unreadable' && holderAlive(holder)) throw heldError(dir, holder, path);
    const who = holder === 'unreadable' ? 'an unreadable lock' : `a stale lock of process ${holder.pid} (no longer running)`;
    log(`Taking over ${who} in ${dir}.`);
    await removeStale(path, holder, me);
    await sleep(attempt * RETRY_MS);
  }
  throw new UserError('the run directory must be lockable. Received: a lock that keeps changing (several processes starting at once?).', {
    code: 'RUN_LOCKED',
    file: dir,
    hint: 'Start one run at a time in this directory.',
  });
}

/** Refuses `dir` if another live process holds its lock (checked before other judgements of the folder, so the holder is named). */
export async function checkNotLocked(dir: string): Promise<void> {
  const path = join(dir, RUN_FILES.lock);
  const holder = await readHolder(path).catch(() => 'missing' as const);
  if (holder === 'missing' || holder === 'unreadable') return;
  // This process's own lock (train writing its filter pictures) is no reason to refuse.
  const mine = holder.pid === process.pid && holder.host === hostname();
  if (!mine && holderAlive(holder)) throw heldError(dir, holder, path);
}
