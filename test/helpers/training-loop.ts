import tf from '../../src/util/tfjs.cjs';
import type { TrainingLoop } from '../../src/train/callbacks/callback.js';
import type { EpochRecord, StopReason } from '../../src/run/schemas.js';

/** A TrainingLoop without a fit loop, for driving callbacks by hand. */
export class FakeLoop implements TrainingLoop {
  stopReason: StopReason = 'completed';
  readonly history: EpochRecord[] = [];

  constructor(
    readonly model: tf.LayersModel = tinyModel(),
    readonly initialEpoch = 0,
    readonly epochs = 10,
    readonly samples = 4,
    readonly steps = 2,
  ) {}

  get stopTraining(): boolean {
    return this.stopReason !== 'completed';
  }

  stop(reason: Exclude<StopReason, 'completed'>): void {
    if (this.stopReason === 'completed') this.stopReason = reason;
  }

  /** Records an epoch as the fit loop does before its onEpochEnd. */
  record(epoch: number, logs: Record<string, number>): EpochRecord {
    const record = { epoch, logs, seconds: 0.5 };
    this.history.push(record);
    return record;
  }
}

/** One Dense layer on 2 inputs, compiled with SGD. */
export function tinyModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError', metrics: ['accuracy'] });
  return model;
}

/** Sets every weight of `model` to `value`. */
export function fillWeights(model: tf.LayersModel, value: number): void {
  model.setWeights(model.getWeights().map((weight) => tf.fill(weight.shape, value)));
}

export function firstWeight(model: tf.LayersModel): number {
  return model.getWeights()[0].dataSync()[0];
}
