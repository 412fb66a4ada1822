import type { RunDirectory } from '../../run/run-directory.js';
import { RUN_FILES } from '../../run/layout.js';
import type { EpochRecord } from '../../run/schemas.js';
import type { CallbacksSpec } from '../../spec/schema.js';
import { MonitoredBest, monitoredBestStateSchema, type MonitoredBestState } from '../monitor.js';
import type { StatefulCallback, TrainingLoop } from './callback.js';

export type ModelCheckpointSpec = NonNullable<NonNullable<CallbacksSpec>['model_checkpoint']>;

/** The `model_checkpoint` callback (Keras's ModelCheckpoint): every epoch, or only when `monitor` improves. */
export class ModelCheckpoint implements StatefulCallback<MonitoredBestState> {
  readonly name = 'model_checkpoint';
  readonly stateSchema = monitoredBestStateSchema;
  private readonly best: MonitoredBest;

  constructor(
    readonly spec: ModelCheckpointSpec,
    private readonly runDir: RunDirectory,
    private readonly notice: (line: string) => void,
  ) {
    this.best = new MonitoredBest(spec.monitor, spec.mode);
  }

  async onEpochEnd(record: EpochRecord, loop: TrainingLoop): Promise<void> {
    const value = record.logs[this.spec.monitor];
    const improved = value !== undefined && this.best.offer(value, record.epoch);
    if (this.spec.save_best_only && !improved) return;
    await this.runDir.saveModelCheckpoint(loop.model);
    const why = improved ? ` (${this.spec.monitor} improved to ${value.toFixed(4)})` : '';
    this.notice(`Epoch ${record.epoch}: saved the model to ${this.runDir.path(RUN_FILES.modelCheckpointDir)}${why}.`);
  }

  getState(): MonitoredBestState {
    return this.best.getState();
  }

  setState(state: MonitoredBestState): void {
    this.best.setState(state);
  }
}
