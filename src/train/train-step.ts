import tf from '../util/tfjs.cjs';
import type { ArraySamples } from './batches.js';
import type { ConcreteBackend } from '../backend/select.js';
import { DATA_INPUT_KWARG } from '../spec/layers/conv2d.js';
import { DROPOUT_KEY_KWARG, stepWord, type DropoutKey } from '../spec/layers/dropout.js';

/** Loss and metric functions as tfjs-layers keeps them after `compile` (per-sample values). */
export type SampleFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** The quantities one batch reports, averaged over its samples. */
export interface BatchLogs {
  loss: number;
  acc?: number;
}

/** How `createTrainStep` runs steps. */
export interface TrainStepOptions {
  /** Threads computing gradients in parallel, this one included; 1 = this thread only. */
  workers: number;
  backend: ConcreteBackend;
}

/**
 * Which optimisation step of a run a batch is: `step` counts the run's batches from 0
 * ((epoch - 1) * batches per epoch + batch), so the masks a step draws follow from the run's
 * seed and the epoch and batch numbers, and a resumed run draws what an uninterrupted one would.
 */
export interface StepKey {
  seed: number;
  step: number;
}

/**
 * The dropout words of a step: from its key, or, for a caller that gives none (the bench,
 * some tests), from the number of steps this train step has run, so masks still change.
 */
export class StepKeys {
  private unkeyed = 0;

  word(key: StepKey | undefined): number {
    return key ? stepWord(key.seed, key.step) : stepWord(0, this.unkeyed++);
  }
}

/** One optimisation step on a batch; implementations differ in where gradients are computed. */
export interface TrainStep {
  /** Threads computing each batch's gradients (reported in metrics.json). */
  readonly threads: number;
  /** Trains on one batch; `key` names the step, which decides its dropout masks. */
  run(x: tf.Tensor, y: tf.Tensor, key?: StepKey): Promise<BatchLogs>;
  /** Trains on samples `indices` of `train` (epoch `epoch`), reading the rows where they are used; without it the loop gathers the batch. */
  runRows?(train: ArraySamples, indices: Uint32Array, epoch: number, key?: StepKey): Promise<BatchLogs>;
  dispose(): void;
}

/** What a compiled tfjs-layers model gives a training loop: its variables, loss, metric and optimizer. */
export interface CompiledParts {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  loss: SampleFn;
  metric?: SampleFn;
}

/** tfjs-layers' per-sample loss functions, by the identifier `model.loss` holds after compile. */
const LOSS_FUNCTIONS: Record<string, SampleFn> = {
  categoricalCrossentropy: tf.metrics.categoricalCrossentropy,
  // tfjs exports no per-sample sparse loss; it is the categorical one on one-hot targets.
  sparseCategoricalCrossentropy: (yTrue, yPred) =>
    tf.metrics.categoricalCrossentropy(tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), yPred.shape[yPred.rank - 1]), yPred),
  binaryCrossentropy: tf.metrics.binaryCrossentropy,
  meanSquaredError: tf.metrics.meanSquaredError,
  meanAbsoluteError: tf.metrics.meanAbsoluteError,
};

/**
 * Reads the loss function, first metric and optimizer that `model.compile` set up.
 * (A Sequential keeps `lossFunctions` on its private inner model, so the loss is looked up
 * from the identifier both kinds of model expose.)
 */
export function compiledParts(model: tf.LayersModel): CompiledParts {
  const lossName = typeof model.loss === 'string' ? model.loss : undefined;
  const loss = model.lossFunctions?.[0] ?? (lossName ? LOSS_FUNCTIONS[lossName] : undefined);
  if (model.optimizer == null || loss === undefined) {
    throw new Error(`the model must be compiled with one of the losses ${Object.keys(LOSS_FUNCTIONS).join(', ')} before training`);
  }
  const metrics = model.metricsTensors ?? [];
  return {
    model,
    optimizer: model.optimizer,
    loss: loss as SampleFn,
    metric: metrics.length > 0 ? (metrics[0][0] as SampleFn) : undefined,
  };
}

/**
 * Computes the mean loss of a batch and its gradients with respect to the trainable
 * variables, running the model in training mode (dropout on, batch statistics updated).
 * The metric is taken from the same forward pass, as tfjs-layers' own fit does. `dropout`
 * says which masks to draw: the step, and where `x` starts in the whole batch.
 */
export function lossAndGradients(parts: CompiledParts, x: tf.Tensor, y: tf.Tensor, dropout: DropoutKey): { loss: tf.Scalar; metric?: tf.Scalar; grads: tf.NamedTensorMap } {
  const variables = parts.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  let metric: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    // x is data: its gradient is not wanted (see KerastsConv2D).
    const predictions = parts.model.apply(x, { training: true, [DROPOUT_KEY_KWARG]: dropout, [DATA_INPUT_KWARG]: x }) as tf.Tensor;
    if (parts.metric) metric = tf.keep(tf.mean(parts.metric(y, predictions)) as tf.Scalar);
    return tf.mean(parts.loss(y, predictions)) as tf.Scalar;
  }, variables);
  return { loss: value, metric, grads };
}

/** The single-process step: gradients here, then the model's own optimizer applies them. */
export class LocalTrainStep implements TrainStep {
  readonly threads = 1;
  private readonly keys = new StepKeys();

  constructor(private readonly parts: CompiledParts) {}

  async run(x: tf.Tensor, y: tf.Tensor, key?: StepKey): Promise<BatchLogs> {
    const { loss, metric, grads } = lossAndGradients(this.parts, x, y, { step: this.keys.word(key), row: 0 });
    this.parts.optimizer.applyGradients(grads);
    tf.dispose(grads);
    const [lossValue] = await loss.data();
    const metricValue = metric ? (await metric.data())[0] : undefined;
    tf.dispose([loss, metric]);
    return metricValue === undefined ? { loss: lossValue } : { loss: lossValue, acc: metricValue };
  }

  dispose(): void {}
}
