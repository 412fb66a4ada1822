import * as tf from '@tensorflow/tfjs';
import { batchRanges, epochOrder, makeBatch, type ArraySamples } from './batches.js';
import { evaluateSamples } from './evaluate.js';
import type { EarlyStopping } from './monitor.js';
import type { EpochProgress } from './progress.js';
import type { CompiledParts, TrainStep } from './train-step.js';

/** One row of `history.csv`: the epoch (1-based, as Keras prints it) and its logs. */
export interface EpochRecord {
  epoch: number;
  logs: Record<string, number>;
  seconds: number;
}

export type StopReason = 'completed' | 'early_stopping' | 'interrupted' | 'nan';

export interface FitOptions {
  epochs: number;
  /** Epochs already done (a resumed run continues the numbering). */
  initialEpoch: number;
  /** Their records, when resuming; the result's history continues them. */
  previousHistory?: EpochRecord[];
  batchSize: number;
  shuffle: boolean;
  seed: number;
  validation?: ArraySamples;
  earlyStopping?: EarlyStopping;
  restoreBestWeights?: boolean;
  terminateOnNaN: boolean;
  progress: EpochProgress;
  /** Polled after every batch; true stops training before the next one (Ctrl-C). */
  shouldStop: () => boolean;
  /** Called after each completed epoch with the history so far, e.g. to write the checkpoint. */
  onEpochEnd?: (record: EpochRecord, history: EpochRecord[]) => Promise<void>;
}

export interface FitResult {
  /** Every completed epoch, those of a resumed run included. */
  history: EpochRecord[];
  stopReason: StopReason;
  /** Where the loss stopped being finite, for the error message. */
  nanAt?: { epoch: number; batch: number };
  /** Training throughput over the epochs run here (validation time excluded). */
  imagesPerSecond: number;
  secondsPerEpoch: number;
}

function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((weight) => tf.clone(weight));
}

/**
 * The training loop: epochs of shuffled batches through `step`, validation, early stopping,
 * NaN detection and interruption between batches. The model's weights are changed in place.
 */
export async function fitLoop(parts: CompiledParts, step: TrainStep, train: ArraySamples, options: FitOptions): Promise<FitResult> {
  const history: EpochRecord[] = [...(options.previousHistory ?? [])];
  let epochsRun = 0;
  const ranges = batchRanges(train.count, options.batchSize);
  let trainSeconds = 0;
  let trainImages = 0;
  let bestWeights: tf.Tensor[] | undefined;
  let stopReason: StopReason = 'completed';
  let nanAt: FitResult['nanAt'];

  for (let epoch = options.initialEpoch + 1; epoch <= options.epochs && stopReason === 'completed'; epoch++) {
    const order = epochOrder(train.count, options.shuffle, options.seed, epoch);
    options.progress.startEpoch(epoch, options.epochs, train.count);
    const started = performance.now();
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    let hasAcc = false;
    for (let b = 0; b < ranges.length; b++) {
      const [start, end] = ranges[b];
      const { x, y } = makeBatch(train, order.subarray(start, end), epoch);
      const logs = await step.run(x, y).finally(() => tf.dispose([x, y]));
      const size = end - start;
      if (!Number.isFinite(logs.loss) && options.terminateOnNaN) {
        stopReason = 'nan';
        nanAt = { epoch, batch: b + 1 };
        break;
      }
      lossSum += logs.loss * size;
      if (logs.acc !== undefined) {
        accSum += logs.acc * size;
        hasAcc = true;
      }
      seen += size;
      options.progress.update(seen, hasAcc ? { loss: lossSum / seen, acc: accSum / seen } : { loss: lossSum / seen });
      if (options.shouldStop()) {
        stopReason = 'interrupted';
        break;
      }
    }
    if (stopReason !== 'completed') break;
    const epochTrainSeconds = (performance.now() - started) / 1000;
    trainSeconds += epochTrainSeconds;
    trainImages += seen;

    const logs: Record<string, number> = { loss: lossSum / seen };
    if (hasAcc) logs.acc = accSum / seen;
    if (options.validation && options.validation.count > 0) {
      const validation = await evaluateSamples(parts, options.validation);
      logs.val_loss = validation.loss;
      if (validation.acc !== undefined) logs.val_acc = validation.acc;
    }
    const seconds = options.progress.endEpoch(epoch, options.epochs, ranges.length, logs);
    const record = { epoch, logs, seconds };
    history.push(record);
    epochsRun += 1;

    if (options.earlyStopping) {
      const verdict = options.earlyStopping.onEpochEnd(epoch, logs);
      if (verdict === 'improved' && options.restoreBestWeights) {
        tf.dispose(bestWeights ?? []);
        bestWeights = snapshotWeights(parts.model);
      }
      if (verdict === 'missing' && epoch === options.initialEpoch + 1) {
        options.progress.notice(`Early stopping conditioned on "${options.earlyStopping.spec.monitor}", which is not available (available: ${Object.keys(logs).join(', ')}); it will not stop training.`);
      }
      if (verdict === 'stop') {
        stopReason = 'early_stopping';
        options.progress.notice(`Epoch ${epoch}: early stopping (best ${options.earlyStopping.spec.monitor} at epoch ${options.earlyStopping.bestEpoch}).`);
        if (bestWeights) {
          parts.model.setWeights(bestWeights);
          options.progress.notice(`Restored the weights of epoch ${options.earlyStopping.bestEpoch}.`);
        }
      }
    }
    await options.onEpochEnd?.(record, history);
  }
  tf.dispose(bestWeights ?? []);
  return {
    history,
    stopReason,
    nanAt,
    imagesPerSecond: trainSeconds > 0 ? trainImages / trainSeconds : 0,
    secondsPerEpoch: epochsRun > 0 ? trainSeconds / epochsRun : 0,
  };
}
