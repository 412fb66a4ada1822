/**
 * Keras-style progress on stderr: on a TTY a redrawn `Progbar` line
 * (`  3840/60000 [=>....] - ETA: 52s - loss: 0.4100 - acc: 0.8700`); elsewhere one line per epoch.
 */
export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Draw the live bar (defaults to whether the stream is a TTY). */
  live?: boolean;
  quiet?: boolean;
  /** Milliseconds between redraws of the live bar. */
  intervalMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 30;

/** Formats metric values as Keras does: ` - loss: 0.4100 - acc: 0.8700`. */
export function formatLogs(logs: Record<string, number>): string {
  return Object.entries(logs)
    .map(([name, value]) => ` - ${name}: ${Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(4)}`)
    .join('');
}

/** The bar itself, drawn as Keras's Progbar does: `[=====>........]` for `done` of `total`. */
export function formatBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.floor((width * done) / total)) : width;
  const head = filled > 0 ? `${'='.repeat(filled - 1)}${done < total ? '>' : '='}` : '';
  return `[${head}${'.'.repeat(width - filled)}]`;
}

function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

export class EpochProgress {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private readonly live: boolean;
  private readonly quiet: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private started = 0;
  private lastDraw = 0;
  private total = 0;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.live = options.live ?? this.stream.isTTY === true;
    this.quiet = options.quiet ?? false;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
  }

  startEpoch(epoch: number, epochs: number, samples: number): void {
    this.started = this.now();
    this.lastDraw = 0;
    this.total = samples;
    if (!this.quiet && this.live) this.stream.write(`Epoch ${epoch}/${epochs}\n`);
  }

  /** Redraws the live bar after a batch; throttled so drawing never costs training time. */
  update(done: number, logs: Record<string, number>): void {
    if (this.quiet || !this.live) return;
    const now = this.now();
    if (done < this.total && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 ? (elapsed * (this.total - done)) / done : 0;
    const width = String(this.total).length;
    this.stream.write(`\r${String(done).padStart(width)}/${this.total} ${formatBar(done, this.total)} - ETA: ${formatDuration(eta)}${formatLogs(logs)}\x1b[K`);
  }

  /** The finished line for an epoch, with its time; returns the seconds it took. */
  endEpoch(epoch: number, epochs: number, steps: number, logs: Record<string, number>): number {
    const seconds = (this.now() - this.started) / 1000;
    if (this.quiet) return seconds;
    const perStep = steps > 0 ? `${Math.round((seconds * 1000) / steps)}ms/step` : '';
    const timing = `${formatDuration(seconds)} ${perStep}`.trim();
    if (this.live) {
      this.stream.write(`\r${this.total}/${this.total} ${formatBar(1, 1)} - ${timing}${formatLogs(logs)}\x1b[K\n`);
    } else {
      this.stream.write(`Epoch ${epoch}/${epochs} - ${timing}${formatLogs(logs)}\n`);
    }
    return seconds;
  }

  /** A notice between epochs (early stopping, checkpoints); on its own line. */
  notice(line: string): void {
    if (!this.quiet) this.stream.write(`${line}\n`);
  }
}
