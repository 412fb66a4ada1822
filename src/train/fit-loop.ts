import tf from '../util/tfjs.cjs';
import type { EpochRecord, StopReason } from '../run/schemas.js';
import { batchRanges, epochOrder, makeBatch, type ArraySamples } from './batches.js';
import type { CallbackList } from './callbacks/callback-list.js';
import type { TrainingLoop } from './callbacks/callback.js';
import { evaluateSamples } from './evaluate.js';
import type { BatchLogs, CompiledParts, TrainStep } from './train-step.js';

export type { EpochRecord, StopReason } from '../run/schemas.js';

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
  /** Everything besides stepping and validating: progress, stopping, checkpoints, history. */
  callbacks: CallbackList;
}

export interface FitResult {
  /** Every completed epoch, those of a resumed run included. */
  history: EpochRecord[];
  stopReason: StopReason;
  /** Training throughput over the epochs run here (validation time excluded). */
  imagesPerSecond: number;
  secondsPerEpoch: number;
}

/** The loop's state as callbacks see it; `stop` is their only lever. */
class LoopState implements TrainingLoop {
  stopReason: StopReason = 'completed';

  constructor(
    readonly model: tf.LayersModel,
    readonly epochs: number,
    readonly initialEpoch: number,
    readonly samples: number,
    readonly steps: number,
    readonly history: EpochRecord[],
  ) {}

  get stopTraining(): boolean {
    return this.stopReason !== 'completed';
  }

  stop(reason: Exclude<StopReason, 'completed'>): void {
    if (this.stopReason === 'completed') this.stopReason = reason;
  }
}

function means(sums: { loss: number; acc: number }, seen: number, hasAcc: boolean): Record<string, number> {
  return hasAcc ? { loss: sums.loss / seen, acc: sums.acc / seen } : { loss: sums.loss / seen };
}

/** One batch: read by the step where it is used when the step can (a streamed set), else gathered here. */
function trainBatch(step: TrainStep, train: ArraySamples, indices: Uint32Array, epoch: number, key: { seed: number; step: number }): Promise<BatchLogs> {
  if (step.runRows && !(train.x instanceof Float32Array)) return step.runRows(train, indices, epoch, key);
  const { x, y } = makeBatch(train, indices, epoch);
  return step.run(x, y, key).finally(() => tf.dispose([x, y]));
}

/** Runs one epoch's batches; returns its mean train logs, or undefined when a callback stopped it midway. */
async function trainEpoch(step: TrainStep, train: ArraySamples, epoch: number, options: FitOptions, loop: LoopState): Promise<{ logs: Record<string, number>; seen: number } | undefined> {
  const ranges = batchRanges(train.count, options.batchSize);
  const order = epochOrder(train.count, options.shuffle, options.seed, epoch);
  const sums = { loss: 0, acc: 0 };
  let seen = 0;
  let hasAcc = false;
  for (let b = 0; b < ranges.length; b++) {
    const [start, end] = ranges[b];
    const key = { seed: options.seed, step: (epoch - 1) * ranges.length + b };
    const logs = await trainBatch(step, train, order.subarray(start, end), epoch, key);
    const size = end - start;
    sums.loss += logs.loss * size;
    if (logs.acc !== undefined) {
      sums.acc += logs.acc * size;
      hasAcc = true;
    }
    seen += size;
    // One macrotask turn per batch: a step on this thread resolves through microtasks only, so
    // without it a Ctrl-C or SIGTERM handler would not run before the epoch ended.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await options.callbacks.onBatchEnd({ epoch, batch: b + 1, logs, seen, average: means(sums, seen, hasAcc) }, loop);
    if (loop.stopTraining) return undefined;
  }
  return { logs: means(sums, seen, hasAcc), seen };
}

/**
 * The training loop (Keras's `fit`): epochs of shuffled batches through `step`, then
 * validation; the callbacks do the rest and may stop it. The model's weights change in place.
 */
export async function fitLoop(parts: CompiledParts, step: TrainStep, train: ArraySamples, options: FitOptions): Promise<FitResult> {
  const steps = batchRanges(train.count, options.batchSize).length;
  const loop = new LoopState(parts.model, options.epochs, options.initialEpoch, train.count, steps, [...(options.previousHistory ?? [])]);
  const { callbacks } = options;
  let trainSeconds = 0;
  let trainImages = 0;
  let epochsRun = 0;
  await callbacks.onTrainBegin(loop);
  for (let epoch = options.initialEpoch + 1; epoch <= options.epochs && !loop.stopTraining; epoch++) {
    await callbacks.onEpochBegin(epoch, loop);
    const started = performance.now();
    const trained = await trainEpoch(step, train, epoch, options, loop);
    if (!trained) break;
    trainSeconds += (performance.now() - started) / 1000;
    trainImages += trained.seen;
    const { logs } = trained;
    if (options.validation && options.validation.count > 0) {
      const validation = await evaluateSamples(parts, options.validation);
      logs.val_loss = validation.loss;
      if (validation.acc !== undefined) logs.val_acc = validation.acc;
    }
    const record = { epoch, logs, seconds: (performance.now() - started) / 1000 };
    loop.history.push(record);
    epochsRun += 1;
    await callbacks.onEpochEnd(record, loop);
  }
  await callbacks.onTrainEnd(loop);
  return {
    history: loop.history,
    stopReason: loop.stopReason,
    imagesPerSecond: trainSeconds > 0 ? trainImages / trainSeconds : 0,
    secondsPerEpoch: epochsRun > 0 ? trainSeconds / epochsRun : 0,
  };
}
