/**
 * Training callbacks, as Keras (`keras/src/callbacks/callback.py`) and tfjs-layers
 * (`base_callbacks.ts`) have them: the fit loop calls hooks; each concern (early stopping,
 * checkpoints, NaN stop, history, progress) is one callback that owns its state.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { EpochRecord, StopReason } from '../../run/schemas.js';
import type { BatchLogs } from '../train-step.js';

/** What the fit loop shows callbacks, and the one thing they may change: whether training stops. */
export interface TrainingLoop {
  readonly model: tf.LayersModel;
  /** The last epoch to run (1-based, as Keras prints it). */
  readonly epochs: number;
  /** Epochs already done before this fit (a resumed run continues the numbering). */
  readonly initialEpoch: number;
  /** Training samples per epoch and batches per epoch. */
  readonly samples: number;
  readonly steps: number;
  /** Every completed epoch so far, those of a resumed run included. */
  readonly history: readonly EpochRecord[];
  /** Set once a callback asked to stop (tfjs's `model.stopTraining`). */
  readonly stopTraining: boolean;
  /**
   * Asks the loop to stop; the first reason wins. Asked during a batch ('nan',
   * 'interrupted'), the epoch is abandoned and not recorded; asked at an epoch's end, the
   * loop stops after it.
   */
  stop(reason: Exclude<StopReason, 'completed'>): void;
}

/** One finished batch: its own logs and the epoch's running averages. */
export interface BatchEnd {
  epoch: number;
  /** 1-based index of the batch within the epoch. */
  batch: number;
  logs: BatchLogs;
  /** Samples of this epoch seen so far, this batch included. */
  seen: number;
  average: Record<string, number>;
}

/** A training callback; every hook is optional and may be async. */
export interface Callback {
  /** Names the callback in messages and keys its state in checkpoint/state.json. */
  readonly name: string;
  onTrainBegin?(loop: TrainingLoop): void | Promise<void>;
  onEpochBegin?(epoch: number, loop: TrainingLoop): void | Promise<void>;
  onBatchEnd?(batch: BatchEnd, loop: TrainingLoop): void | Promise<void>;
  /** The epoch's record (logs include validation) is already in `loop.history`. */
  onEpochEnd?(record: EpochRecord, loop: TrainingLoop): void | Promise<void>;
  onTrainEnd?(loop: TrainingLoop): void | Promise<void>;
}

/** A callback whose state survives `--resume`: saved in the checkpoint, restored before training. */
export interface StatefulCallback<S = unknown> extends Callback {
  /** Validates the state read back from checkpoint/state.json. */
  readonly stateSchema: z.ZodType<S>;
  getState(): S;
  setState(state: S): void;
}

export function isStateful(callback: Callback): callback is StatefulCallback {
  return 'stateSchema' in callback && 'getState' in callback && 'setState' in callback;
}
