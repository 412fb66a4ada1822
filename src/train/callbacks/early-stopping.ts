import tf from '../../util/tfjs.cjs';
import type { EpochRecord } from '../../run/schemas.js';
import { PatienceMonitor, patienceStateSchema, type EarlyStoppingSpec, type PatienceState } from '../monitor.js';
import type { StatefulCallback, TrainingLoop } from './callback.js';

/**
 * The `early_stopping` callback (Keras's EarlyStopping): stops after `patience` epochs
 * without improvement and, with `restore_best_weights`, puts back the best epoch's weights
 * itself when it stops, before the checkpoints of that epoch are written.
 */
export class EarlyStopping implements StatefulCallback<PatienceState> {
  readonly name = 'early_stopping';
  readonly stateSchema = patienceStateSchema;
  private readonly monitor: PatienceMonitor;
  private bestWeights: tf.Tensor[] | undefined;
  private firstEpoch = 1;

  constructor(
    readonly spec: EarlyStoppingSpec,
    private readonly notice: (line: string) => void,
  ) {
    this.monitor = new PatienceMonitor(spec);
  }

  get bestEpoch(): number {
    return this.monitor.bestEpoch;
  }

  onTrainBegin(loop: TrainingLoop): void {
    this.firstEpoch = loop.initialEpoch + 1;
  }

  onEpochEnd(record: EpochRecord, loop: TrainingLoop): void {
    const verdict = this.monitor.judge(record.epoch, record.logs);
    if (verdict === 'improved' && this.spec.restore_best_weights) {
      tf.dispose(this.bestWeights ?? []);
      this.bestWeights = loop.model.getWeights().map((weight) => tf.clone(weight));
    }
    if (verdict === 'missing' && record.epoch === this.firstEpoch) {
      this.notice(`Early stopping conditioned on "${this.spec.monitor}", which is not available (available: ${Object.keys(record.logs).join(', ')}); it will not stop training.`);
    }
    if (verdict === 'stop') {
      loop.stop('early_stopping');
      this.notice(`Epoch ${record.epoch}: early stopping (best ${this.spec.monitor} at epoch ${this.monitor.bestEpoch}).`);
      if (this.bestWeights) {
        loop.model.setWeights(this.bestWeights);
        this.notice(`Restored the weights of epoch ${this.monitor.bestEpoch}.`);
      }
    }
  }

  onTrainEnd(): void {
    tf.dispose(this.bestWeights ?? []);
    this.bestWeights = undefined;
  }

  getState(): PatienceState {
    return this.monitor.getState();
  }

  setState(state: PatienceState): void {
    this.monitor.setState(state);
  }
}
