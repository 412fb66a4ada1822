/**
 * Killing `kerasts train` at chosen instants and comparing what --resume makes of it with an
 * uninterrupted run: shared by test/commands/train-kill.test.ts and `npm run faults`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv, KERASTS_BIN } from './cli.js';
import { smallCnnSpec, writeSyntheticMnist } from './synthetic-data.js';

export interface FaultProject {
  dir: string;
  data: string;
  spec: string;
}

/** Tiny MNIST-shaped data in `dir`/data and a small CNN spec (Dropout included) in `dir`/spec.json. */
export function faultProject(dir: string, options: { train?: number; test?: number; epochs?: number; batchSize?: number } = {}): FaultProject {
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  writeSyntheticMnist(data, options.train ?? 48, options.test ?? 16);
  const spec = join(dir, 'spec.json');
  writeFileSync(spec, JSON.stringify(smallCnnSpec({ fit: { epochs: options.epochs ?? 3, batch_size: options.batchSize ?? 16, seed: 7 } })));
  return { dir, data, spec };
}

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Whether the kill was sent (the pause point was reached, or the timer fired before the end). */
  killed: boolean;
  /** Milliseconds from the (first) signal to the process's end; undefined when none was sent. */
  stopMs?: number;
}

export interface KillPlan {
  /** `<point>[:<n>]` for the test-only KERASTS_TEST_PAUSE_AT: the signal goes when the process pauses there. */
  pauseAt?: string;
  /** Or: the signal goes this many milliseconds after the start. */
  afterMs?: number;
  signal?: NodeJS.Signals;
  /** KERASTS_TEST_PAUSE_MS: how long the pause lasts (1 lets the run go on at once, to signal it a little later). */
  pauseMs?: number;
  /** Milliseconds between reaching the pause point and the signal. */
  delayMs?: number;
  /** How many times to send the signal, 100 ms apart (2: a second Ctrl-C). */
  times?: number;
}

/** Runs `kerasts <args>` in `cwd`, sending `plan.signal` (default SIGKILL) at the planned instant. */
export function runAndKill(args: string[], cwd: string, plan: KillPlan = {}): Promise<Ended> {
  const pause = plan.pauseAt ? { KERASTS_TEST_PAUSE_AT: plan.pauseAt, ...(plan.pauseMs === undefined ? {} : { KERASTS_TEST_PAUSE_MS: String(plan.pauseMs) }) } : {};
  const child = spawn(process.execPath, [KERASTS_BIN, ...args], { cwd, env: isolatedEnv(cwd, pause), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let killed = false;
  let signalledAt: number | undefined;
  const send = (left: number): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(plan.signal ?? 'SIGKILL');
    if (left > 1) setTimeout(() => send(left - 1), 100);
  };
  const kill = () => {
    if (killed || child.exitCode !== null) return;
    killed = true;
    signalledAt = Date.now();
    send(plan.times ?? 1);
  };
  let paused = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!plan.pauseAt || paused || !stderr.includes('kerasts-test-pause:')) return;
    paused = true;
    if (plan.delayMs === undefined) kill();
    else setTimeout(kill, plan.delayMs);
  });
  const timer = plan.afterMs === undefined ? undefined : setTimeout(kill, plan.afterMs);
  // A run that neither ends nor reaches its pause point within two minutes is a failure, not a hang.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stderr, killed, stopMs: signalledAt === undefined ? undefined : Date.now() - signalledAt });
    }),
  );
}

/** What must be identical between runs: the final weights and history.csv without its timing column. */
export interface Outcome {
  weights: string;
  history: string;
}

/** history.csv without the `seconds` column (wall time differs between any two runs). */
export function historyWithoutSeconds(runDir: string): string {
  const path = join(runDir, 'history.csv');
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').slice(0, -1).join(','))
    .join('\n');
}

/** The outcome of finished run `runDir`. */
export function outcome(runDir: string): Outcome {
  const weights = createHash('sha256').update(readFileSync(join(runDir, 'weights.bin'))).digest('hex');
  return { weights, history: historyWithoutSeconds(runDir) };
}

/** The epochs in history.csv, and the epoch of the checkpoint the pointer names (0 when none). */
export function historyAndCheckpointEpochs(runDir: string): { history: number; checkpoint: number } {
  const rows = historyWithoutSeconds(runDir).split('\n').length - 1;
  const pointer = join(runDir, 'checkpoint.json');
  const checkpoint = existsSync(pointer) ? (JSON.parse(readFileSync(pointer, 'utf8')) as { epoch: number }).epoch : 0;
  return { history: Math.max(rows, 0), checkpoint };
}

/**
 * Continues `out` after a kill: `--resume`, or, when the kill came before the first checkpoint
 * (nothing to resume, exit 2), a fresh `train` into the same directory. Returns the commands' count.
 */
export async function resumeToEnd(trainArgs: string[], out: string, cwd: string): Promise<{ ok: boolean; resumes: number; stderr: string }> {
  const resumed = await runAndKill([...trainArgs, '--out', out, '--resume'], cwd);
  if (resumed.code === 0) return { ok: true, resumes: 1, stderr: resumed.stderr };
  // Killed after the last checkpoint and metrics.json were written: nothing left to do.
  if (resumed.code === 2 && /the run is finished/.test(resumed.stderr)) return { ok: true, resumes: 1, stderr: resumed.stderr };
  // No checkpoint yet, or killed before the run directory was made: start it afresh.
  if (resumed.code === 2 && /needs a checkpoint|needs a run directory with a checkpoint/.test(resumed.stderr)) {
    const fresh = await runAndKill([...trainArgs, '--out', out], cwd);
    return { ok: fresh.code === 0, resumes: 1, stderr: resumed.stderr + fresh.stderr };
  }
  return { ok: false, resumes: 1, stderr: resumed.stderr };
}
