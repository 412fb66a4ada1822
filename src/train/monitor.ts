import type { CallbacksSpec } from '../spec/schema.js';

type MonitorMode = 'auto' | 'min' | 'max';

/** Keras's rule for `mode: "auto"`: accuracy-like quantities are maximised, everything else minimised. */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc/.test(monitor) ? 'max' : 'min';
}

/** Tracks the best value of one monitored quantity, as Keras's callbacks do. */
export class MonitoredBest {
  readonly direction: 'min' | 'max';
  best: number;
  bestEpoch = -1;

  constructor(
    readonly monitor: string,
    mode: MonitorMode,
    private readonly minDelta = 0,
  ) {
    this.direction = resolveMode(monitor, mode);
    this.best = this.direction === 'min' ? Infinity : -Infinity;
  }

  /** Whether `value` beats the best so far by more than `min_delta`; records it when it does. */
  offer(value: number, epoch: number): boolean {
    const improved = this.direction === 'min' ? value + this.minDelta < this.best : value - this.minDelta > this.best;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
    }
    return improved;
  }
}

export type EarlyStoppingSpec = NonNullable<NonNullable<CallbacksSpec>['early_stopping']>;

/** Keras 2's EarlyStopping: stop after `patience` epochs without improvement of `monitor`. */
export class EarlyStopping {
  private readonly tracker: MonitoredBest;
  private wait = 0;
  stoppedEpoch: number | undefined;

  constructor(readonly spec: EarlyStoppingSpec) {
    this.tracker = new MonitoredBest(spec.monitor, spec.mode, spec.min_delta);
  }

  get bestEpoch(): number {
    return this.tracker.bestEpoch;
  }

  /** Returns 'improved', 'wait' or 'stop' for the epoch's logs; a missing monitor never stops training. */
  onEpochEnd(epoch: number, logs: Record<string, number>): 'improved' | 'wait' | 'stop' | 'missing' {
    const value = logs[this.spec.monitor];
    if (value === undefined || Number.isNaN(value)) return 'missing';
    if (this.tracker.offer(value, epoch)) {
      this.wait = 0;
      return 'improved';
    }
    this.wait += 1;
    if (this.wait >= this.spec.patience) {
      this.stoppedEpoch = epoch;
      return 'stop';
    }
    return 'wait';
  }

  /** State to carry across `--resume`. */
  state(): { wait: number; best: number; bestEpoch: number } {
    return { wait: this.wait, best: this.tracker.best, bestEpoch: this.tracker.bestEpoch };
  }

  restore(state: { wait: number; best: number; bestEpoch: number }): void {
    this.wait = state.wait;
    this.tracker.best = state.best;
    this.tracker.bestEpoch = state.bestEpoch;
  }
}
