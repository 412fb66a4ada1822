import type { Callback, TrainingLoop } from './callback.js';

/** Stops training after the current batch once `requested()` is true (Ctrl-C's InterruptFlag). */
export class StopOnRequest implements Callback {
  readonly name = 'interrupt';

  constructor(private readonly requested: () => boolean) {}

  onBatchEnd(_batch: unknown, loop: TrainingLoop): void {
    if (this.requested()) loop.stop('interrupted');
  }
}
