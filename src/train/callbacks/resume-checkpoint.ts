import type { RunDirectory } from '../../run/run-directory.js';
import type { EpochRecord } from '../../run/schemas.js';
import type { Callback, TrainingLoop } from './callback.js';

/**
 * Saves the resume checkpoint after every epoch: weights, optimizer state, history and every
 * callback's state, as one unit (run/checkpoint.ts). It must come after every stateful callback,
 * so the states it saves are those after the epoch (and the weights those early stopping may
 * have restored).
 */
export class ResumeCheckpoint implements Callback {
  readonly name = 'resume_checkpoint';

  constructor(
    private readonly runDir: RunDirectory,
    private readonly seed: number,
    private readonly callbackStates: () => Record<string, unknown>,
  ) {}

  async onEpochEnd(record: EpochRecord, loop: TrainingLoop): Promise<void> {
    await this.runDir.saveCheckpoint(loop.model, { epoch: record.epoch, history: [...loop.history], seed: this.seed, callbacks: this.callbackStates() });
  }
}
