import { z } from 'zod';
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

  /** JSON has no Infinity: a best not yet set is saved as null. */
  getState(): MonitoredBestState {
    return { best: Number.isFinite(this.best) ? this.best : null, bestEpoch: this.bestEpoch };
  }

  setState(state: MonitoredBestState): void {
    this.best = state.best ?? (this.direction === 'min' ? Infinity : -Infinity);
    this.bestEpoch = state.bestEpoch;
  }
}

/** The saved form of a MonitoredBest (and the model_checkpoint callback's state). */
export const monitoredBestStateSchema = z.object({ best: z.number().nullable(), bestEpoch: z.number().int() });
export type MonitoredBestState = z.infer<typeof monitoredBestStateSchema>;

/** The saved form of a PatienceMonitor (and the early_stopping callback's state). */
export const patienceStateSchema = monitoredBestStateSchema.extend({ wait: z.number().int().nonnegative() });
export type PatienceState = z.infer<typeof patienceStateSchema>;

export type EarlyStoppingSpec = NonNullable<NonNullable<CallbacksSpec>['early_stopping']>;

/** Keras 2's EarlyStopping rule: stop after `patience` epochs without improvement of `monitor`. */
export class PatienceMonitor {
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
  judge(epoch: number, logs: Record<string, number>): 'improved' | 'wait' | 'stop' | 'missing' {
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
  getState(): PatienceState {
    return { wait: this.wait, ...this.tracker.getState() };
  }

  setState(state: PatienceState): void {
    this.wait = state.wait;
    this.tracker.setState(state);
  }
}
