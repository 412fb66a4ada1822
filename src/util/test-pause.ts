/**
 * TEST ONLY — never set these in normal use. `KERASTS_TEST_PAUSE_AT=<point>[:<n>]` makes the
 * process stop for a while the n-th time (default: the first) it reaches `<point>`, after
 * printing `kerasts-test-pause: <point>:<n>` on stderr, so a fault test can SIGKILL it at a
 * chosen instant (inside a checkpoint save, say). `KERASTS_TEST_PAUSE_MS` sets how long
 * (default 30000 ms); a SIGINT or SIGTERM ends the pause early and is then handled as usual.
 */

/** The points a fault test can pause at, in the order one checkpoint save reaches them. */
export const PAUSE_POINTS = [
  'checkpoint-begin',
  'checkpoint-model-written',
  'checkpoint-before-rename',
  'checkpoint-before-switch',
  'checkpoint-after-switch',
  'history-before-write',
  'train-before-metrics',
] as const;
export type PausePoint = (typeof PAUSE_POINTS)[number];

const reached = new Map<string, number>();

function requested(): { point: string; occurrence: number } | undefined {
  const value = process.env.KERASTS_TEST_PAUSE_AT;
  if (!value) return undefined;
  const [point, n] = value.split(':');
  return { point, occurrence: n === undefined ? 1 : Number(n) };
}

/** Pauses here if the test-only KERASTS_TEST_PAUSE_AT names this point and occurrence; otherwise returns at once. */
export async function testPause(point: PausePoint): Promise<void> {
  const wanted = requested();
  if (wanted?.point !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  if (count !== wanted.occurrence) return;
  process.stderr.write(`kerasts-test-pause: ${point}:${count}\n`);
  const ms = Number(process.env.KERASTS_TEST_PAUSE_MS ?? 30_000);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
      resolve();
    }
    function onSignal(signal: NodeJS.Signals): void {
      done();
      // No other handler (training not started yet): the signal's default action, as without the pause.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
  });
}
