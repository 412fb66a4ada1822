import type { RunDirectory } from '../../run/run-directory.js';
import { testPause } from '../../util/test-pause.js';
import type { Callback, TrainingLoop } from './callback.js';

/**
 * Rewrites history.csv after every epoch (Keras's CSVLogger), so an interrupted run keeps its
 * history. It runs after the resume checkpoint, whose state holds the same history.
 */
export class HistoryWriter implements Callback {
  readonly name = 'history';

  constructor(private readonly runDir: RunDirectory) {}

  async onEpochEnd(_record: unknown, loop: TrainingLoop): Promise<void> {
    await testPause('history-before-write');
    await this.runDir.writeHistory(loop.history);
  }
}
