import type { EpochRecord } from '../../run/schemas.js';
import type { EpochProgress } from '../progress.js';
import type { BatchEnd, Callback, TrainingLoop } from './callback.js';

/** Keras's ProgbarLogger: the live bar while an epoch runs, and its line when it ends. */
export class ProgressLogger implements Callback {
  readonly name = 'progress';

  constructor(readonly progress: EpochProgress) {}

  onEpochBegin(epoch: number, loop: TrainingLoop): void {
    this.progress.startEpoch(epoch, loop.epochs, loop.samples);
  }

  onBatchEnd(batch: BatchEnd, loop: TrainingLoop): void {
    // A batch that stopped training (a NaN loss) belongs to an abandoned epoch: not drawn.
    if (!loop.stopTraining) this.progress.update(batch.seen, batch.average);
  }

  onEpochEnd(record: EpochRecord, loop: TrainingLoop): void {
    this.progress.endEpoch(record.epoch, loop.epochs, loop.steps, record.logs);
  }
}
