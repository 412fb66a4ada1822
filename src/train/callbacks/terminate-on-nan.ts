import type { BatchEnd, Callback, TrainingLoop } from './callback.js';

/** `terminate_on_nan` (Keras's TerminateOnNaN): a NaN or infinite batch loss stops training at once. */
export class TerminateOnNaN implements Callback {
  readonly name = 'terminate_on_nan';
  /** Where the loss stopped being finite, for the error message. */
  nanAt: { epoch: number; batch: number } | undefined;

  onBatchEnd(batch: BatchEnd, loop: TrainingLoop): void {
    if (Number.isFinite(batch.logs.loss) || loop.stopTraining) return;
    this.nanAt = { epoch: batch.epoch, batch: batch.batch };
    loop.stop('nan');
  }
}
