/**
 * Opt-in fault injection (`npm run faults`), too slow for `npm test`: a short `kerasts train`
 * is hit with the faults the README promises it survives, and each is judged against an
 * uninterrupted run with the same seed.
 *
 * - SIGKILL at every test-only pause point (KERASTS_TEST_PAUSE_AT; every occurrence: each
 *   checkpoint save, history write, the final metrics) and at instants spread over the run,
 *   then --resume: the run must end with identical weights and history;
 * - SIGTERM, SIGINT and a double SIGINT mid-epoch: exit 130 within a few batches, then
 *   --resume ends identically;
 * - two trains into the same --out at once: one runs, the other is exit 2 naming the holder;
 * - a full disk (a small tmpfs; skipped, saying why, where mount is not permitted): exit 1 with
 *   one line naming the path, nothing half-made; with space again the run completes identically.
 *
 * Prints one line per fault and a pass/fail count; exits 1 if any promise broke.
 * Flags: --quick (one worker, one occurrence per pause point), --workers 1,2 (default both).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAUSE_POINTS } from '../src/util/test-pause.js';
import { faultProject, historyAndCheckpointEpochs, outcome, resumeToEnd, runAndKill, type Ended, type FaultProject, type Outcome } from '../test/helpers/faults.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const workersFlag = args[args.indexOf('--workers') + 1];
const workerCounts = args.includes('--workers') && workersFlag ? workersFlag.split(',').map(Number) : quick ? [1] : [1, 2];

const EPOCHS = 3;
/** Each checkpoint point is reached once for the initial checkpoint and once per epoch. */
const occurrences = (point: string): number[] => {
  const count = point.startsWith('checkpoint-') ? EPOCHS + 1 : point === 'history-before-write' ? EPOCHS : 1;
  const all = Array.from({ length: count }, (_, i) => i + 1);
  return quick ? [all[Math.min(2, all.length - 1)]!] : all;
};
/** Timed SIGKILLs, as fractions of the uninterrupted run's wall time (start-up included). */
const TIMED_FRACTIONS = quick ? [0.3, 0.6] : [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

const work = mkdtempSync(join(tmpdir(), 'kerasts-faults-'));
const results: { fault: string; ok: boolean; detail: string }[] = [];
const tally = { kills: 0, resumes: 0, identical: 0, compared: 0 };

function report(fault: string, ok: boolean, detail: string): void {
  results.push({ fault, ok, detail });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${fault}: ${detail}`);
}

const same = (a: Outcome, b: Outcome): boolean => a.weights === b.weights && a.history === b.history;
const lastLine = (text: string): string => text.trim().split('\n').filter((line) => !line.startsWith('kerasts-test-pause:')).pop() ?? '';

class Scenario {
  reference!: Outcome;
  referenceMs = 0;
  private count = 0;

  constructor(readonly project: FaultProject, readonly workers: number) {}

  trainArgs(): string[] {
    return ['--backend', 'wasm', 'train', this.project.spec, '--data', this.project.data, '--workers', String(this.workers), '--quiet'];
  }

  out(): string {
    this.count += 1;
    return join(this.project.dir, `run-${this.count}`);
  }

  async prepare(): Promise<void> {
    const out = this.out();
    const started = Date.now();
    const run = await runAndKill([...this.trainArgs(), '--out', out], this.project.dir);
    this.referenceMs = Date.now() - started;
    if (run.code !== 0) throw new Error(`the uninterrupted run failed (exit ${run.code}): ${run.stderr}`);
    this.reference = outcome(out);
  }

  /** After a fault in `out`: resume to the end and compare with the reference. */
  async judgeResume(fault: string, out: string, killed: Ended, extra = ''): Promise<void> {
    const epochs = existsSync(out) ? historyAndCheckpointEpochs(out) : { history: 0, checkpoint: 0 };
    if (epochs.history > epochs.checkpoint) {
      report(fault, false, `history.csv has ${epochs.history} epochs, ahead of the checkpoint's ${epochs.checkpoint}`);
      return;
    }
    const resumed = await resumeToEnd(this.trainArgs(), out, this.project.dir);
    tally.resumes += resumed.resumes;
    if (!resumed.ok) {
      report(fault, false, `resuming failed: ${lastLine(resumed.stderr)}`);
      return;
    }
    tally.compared += 1;
    const identical = same(outcome(out), this.reference);
    if (identical) tally.identical += 1;
    const temporaries = readdirSync(out).filter((name) => name.endsWith('.tmp'));
    const ok = identical && temporaries.length === 0;
    const what = identical ? 'resumed to identical weights and history' : 'resumed, but weights or history DIFFER from the uninterrupted run';
    report(fault, ok, `${what} (killed at checkpoint epoch ${epochs.checkpoint})${extra}${temporaries.length ? `; left ${temporaries.join(' ')}` : ''}`);
    void killed;
  }

  async killAt(pauseAt: string): Promise<void> {
    const out = this.out();
    const fault = `workers ${this.workers}: SIGKILL at ${pauseAt}`;
    const killed = await runAndKill([...this.trainArgs(), '--out', out], this.project.dir, { pauseAt });
    if (!killed.killed) {
      report(fault, false, `the pause point was never reached (exit ${killed.code}): ${lastLine(killed.stderr)}`);
      return;
    }
    tally.kills += 1;
    await this.judgeResume(fault, out, killed);
  }

  async killAfter(fraction: number): Promise<void> {
    let afterMs = Math.round(this.referenceMs * fraction);
    // Runs get faster once caches are warm: a run that ended before its kill is tried again sooner.
    for (let attempt = 1; ; attempt++) {
      const out = this.out();
      const fault = `workers ${this.workers}: SIGKILL ${afterMs} ms in (${Math.round(fraction * 100)}% of the first run's time)`;
      const killed = await runAndKill([...this.trainArgs(), '--out', out], this.project.dir, { afterMs });
      if (!killed.killed && attempt < 4) {
        rmSync(out, { recursive: true, force: true });
        afterMs = Math.round(afterMs * 0.6);
        continue;
      }
      if (killed.killed) tally.kills += 1;
      await this.judgeResume(fault, out, killed, killed.killed ? '' : ' (not killed: the run ended first, 4 times)');
      return;
    }
  }
}

/**
 * SIGTERM / SIGINT mid-epoch on a run with longer epochs: the signal goes part-way through
 * epoch 2 (after epoch 1's checkpoint, found by a 1 ms pause there).
 */
async function interrupt(scenario: Scenario, signal: NodeJS.Signals, times: number): Promise<void> {
  const out = scenario.out();
  const fault = `workers ${scenario.workers}: ${times > 1 ? `${signal} twice` : signal} mid-epoch`;
  const epochMs = scenario.referenceMs / (EPOCHS + 2);
  const killed = await runAndKill([...scenario.trainArgs(), '--out', out], scenario.project.dir, {
    pauseAt: 'checkpoint-after-switch:2',
    pauseMs: 1,
    delayMs: Math.round(epochMs * 0.3),
    signal,
    times,
  });
  if (!killed.killed) {
    report(fault, false, `the run ended before the signal (exit ${killed.code})`);
    return;
  }
  if (killed.code !== 130) {
    report(fault, false, `expected exit 130, got ${killed.code ?? killed.signal}: ${lastLine(killed.stderr)}`);
    return;
  }
  const epochs = historyAndCheckpointEpochs(out);
  const where = epochs.history === 1 ? 'mid-epoch 2' : `after epoch ${epochs.history} (not mid-epoch)`;
  await scenario.judgeResume(fault, out, killed, `; stopped ${killed.stopMs} ms after the signal, exit 130, ${where}`);
}

/** Two trains into one --out at the same moment: exactly one runs; the other is exit 2 naming the holder. */
async function twoAtOnce(scenario: Scenario): Promise<void> {
  const out = scenario.out();
  const fault = `workers ${scenario.workers}: two trains into the same --out at once`;
  const both = await Promise.all([0, 1].map(() => runAndKill([...scenario.trainArgs(), '--out', out], scenario.project.dir)));
  const codes = both.map((run) => run.code).sort();
  const refused = both.find((run) => run.code === 2);
  const named = refused !== undefined && /another kerasts process must not be writing this run\. Received: a lock held by process \d+/.test(refused.stderr);
  if (codes[0] !== 0 || codes[1] !== 2 || !named) {
    report(fault, false, `exit codes ${codes.join(' and ')}: ${both.map((run) => lastLine(run.stderr)).join(' | ')}`);
    return;
  }
  const identical = same(outcome(out), scenario.reference);
  report(fault, identical, `one ran, the other was refused with exit 2 naming the holder; the run ${identical ? 'equals' : 'DIFFERS from'} the uninterrupted one`);
}

/** A full disk: a 200 KB tmpfs for the run, then room again and the run finished. */
async function fullDisk(scenario: Scenario): Promise<void> {
  const fault = `workers ${scenario.workers}: full disk (200 KB tmpfs)`;
  const mount = mkdtempSync(join(tmpdir(), 'kerasts-faults-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mount], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(mount, { recursive: true, force: true });
    report(fault, true, `SKIPPED: cannot mount a tmpfs here (${mounted.stderr.trim() || 'mount failed'})`);
    return;
  }
  try {
    const out = join(mount, 'run');
    const run = await runAndKill([...scenario.trainArgs(), '--out', out], scenario.project.dir);
    const lines = run.stderr.trim().split('\n').filter(Boolean);
    const halfMade = existsSync(out) && !existsSync(join(out, 'checkpoint.json'));
    if (run.code !== 1 || lines.length !== 1 || !lines[0]!.includes(mount) || !/no space left/.test(lines[0]!) || halfMade) {
      report(fault, false, `expected exit 1, one line naming ${mount}, no half-made run; got exit ${run.code}: ${run.stderr.trim()}${halfMade ? ' (half-made run left)' : ''}`);
      return;
    }
    spawnSync('mount', ['-o', 'remount,size=64m', mount]);
    const resumed = await resumeToEnd(scenario.trainArgs(), out, scenario.project.dir);
    const identical = resumed.ok && same(outcome(out), scenario.reference);
    report(fault, identical, `exit 1 with one line naming the path${existsSync(out) ? '' : ', nothing left'}; with space again the run ${identical ? 'completed identically' : `did NOT complete identically: ${lastLine(resumed.stderr)}`}`);
  } finally {
    spawnSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const workers of workerCounts) {
    // 48 images in batches of 16: 3 batches an epoch, near a second a run.
    const short = new Scenario(faultProject(join(work, `short-${workers}`), { train: 48, test: 16, epochs: EPOCHS, batchSize: 16 }), workers);
    await short.prepare();
    console.log(`workers ${workers}: uninterrupted run ${short.referenceMs} ms`);
    for (const point of PAUSE_POINTS) for (const n of occurrences(point)) await short.killAt(`${point}:${n}`);
    for (const fraction of TIMED_FRACTIONS) await short.killAfter(fraction);
    await twoAtOnce(short);
    await fullDisk(short);
    // 480 images in batches of 16: 30 batches an epoch, so a signal can land inside one.
    const long = new Scenario(faultProject(join(work, `long-${workers}`), { train: 480, test: 16, epochs: EPOCHS, batchSize: 16 }), workers);
    await long.prepare();
    for (const [signal, times] of [['SIGTERM', 1], ['SIGINT', 1], ['SIGINT', 2]] as const) await interrupt(long, signal, times);
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(
    `\n${tally.kills} kills, ${tally.resumes} resumes, ${tally.identical} of ${tally.compared} resumed runs identical to the uninterrupted run; ` +
      `${results.length - failed} of ${results.length} faults kept their promise, ${failed} broke it.`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
