import type { RunDirectory } from '../../run/run-directory.js';
import type { Callback, TrainingLoop } from './callback.js';

/** Rewrites history.csv after every epoch (Keras's CSVLogger), so an interrupted run keeps its history. */
export class HistoryWriter implements Callback {
  readonly name = 'history';

  constructor(private readonly runDir: RunDirectory) {}

  async onEpochEnd(_record: unknown, loop: TrainingLoop): Promise<void> {
    await this.runDir.writeHistory(loop.history);
  }
}
