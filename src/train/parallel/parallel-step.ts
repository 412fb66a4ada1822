import tf from '../../util/tfjs.cjs';
import { StepKeys, lossAndGradients, type BatchLogs, type CompiledParts, type StepKey, type TrainStep, type TrainStepOptions } from '../train-step.js';
import { CacheRows } from '../../data/images/cache-rows.js';
import { makeBatch, type ArraySamples } from '../batches.js';
import { CTRL, RESULT, copyTensorInto, offsets, shardRanges, sharedTensor, sizeOf, type SharedInputs, type WeightLayout, type WorkerInit, type WorkerRows } from './protocol.js';
import { weightedSum } from './weighted-sum.js';
import { WorkerHandle, workerBuffers } from './worker-handle.js';


/** Where each weight of `model.getWeights()` lives in the shared buffers. */
function weightLayout(model: tf.LayersModel): WeightLayout {
  const all = model.weights;
  return {
    shapes: all.map((weight) => [...weight.shape] as number[]),
    trainable: model.trainableWeights.map((weight) => all.indexOf(weight)),
    nonTrainable: model.nonTrainableWeights.map((weight) => all.indexOf(weight)),
  };
}

/**
 * Data-parallel training step. The main thread keeps the one real model and optimizer (so
 * checkpoints, early stopping and saving are unchanged) and computes the gradients of the
 * first rows of each batch; every worker thread holds a replica and computes those of its
 * own contiguous rows. Gradients are combined weighted by shard size (the loss is a batch
 * mean), the main optimizer applies them, and the replicas load the main weights before
 * every step, so they cannot drift. Data moves through SharedArrayBuffers; steps are
 * signalled with Atomics. Batch statistics (BatchNormalization) are per shard, as in Keras's
 * multi-device training; moving statistics are averaged over the shards.
 */
/**
 * Where the last step's time went, in ms. The main thread: publishing weights and batch,
 * its own shard, waiting for the workers, combining gradients and applying them. The
 * slowest worker: loading the weights, its shard, writing its gradients back.
 */
export interface StepTimings {
  publish: number;
  ownShard: number;
  wait: number;
  combineAndApply: number;
  workerLoad: number;
  workerShard: number;
  workerWrite: number;
}

export class ParallelTrainStep implements TrainStep {
  /** The last step's breakdown (for the benchmark). */
  lastTimings?: StepTimings;
  private readonly weightView: Float32Array;
  private readonly weightStarts: number[];
  private readonly gradStarts: number[];
  private readonly statStarts: number[];
  private inputs?: { shared: SharedInputs; x: Float32Array; y: Float32Array; rows: number };
  private rowsShared?: { train: ArraySamples; indices: Uint32Array };
  private disposed = false;
  private readonly keys = new StepKeys();

  private constructor(
    private readonly parts: CompiledParts,
    private readonly layout: WeightLayout,
    weights: SharedArrayBuffer,
    private readonly handles: WorkerHandle[],
  ) {
    this.weightView = new Float32Array(weights);
    this.weightStarts = offsets(layout.shapes).starts;
    this.gradStarts = offsets(layout.shapes, layout.trainable).starts;
    this.statStarts = offsets(layout.shapes, layout.nonTrainable).starts;
  }

  /** Whether a model can be replicated in workers: compiled with a loss and metrics named by strings. */
  static supports(model: tf.LayersModel): boolean {
    const metrics = model.metrics as unknown;
    return typeof model.loss === 'string' && (metrics === undefined || (Array.isArray(metrics) && metrics.every((m) => typeof m === 'string')));
  }

  /** Starts `workers - 1` worker threads with replicas of the model; resolves when all are ready. */
  static async create(parts: CompiledParts, options: TrainStepOptions): Promise<ParallelTrainStep> {
    const { model } = parts;
    if (!ParallelTrainStep.supports(model)) throw new Error('data-parallel training needs a model compiled with a named loss and named metrics');
    const layout = weightLayout(model);
    const weights = new SharedArrayBuffer(offsets(layout.shapes).total * Float32Array.BYTES_PER_ELEMENT);
    const trainableFloats = offsets(layout.shapes, layout.trainable).total;
    const statFloats = offsets(layout.shapes, layout.nonTrainable).total;
    const topology = JSON.stringify(model.toJSON(null, false));
    const handles: WorkerHandle[] = [];
    try {
      for (let i = 1; i < options.workers; i++) {
        const init: WorkerInit = {
          backend: options.backend,
          topology,
          loss: model.loss as string,
          metrics: (model.metrics as string[] | undefined) ?? [],
          layout,
          weights,
          buffers: workerBuffers(trainableFloats, statFloats),
        };
        handles.push(new WorkerHandle(i, init));
      }
      await Promise.all(handles.map((handle) => handle.whenReady()));
    } catch (error) {
      for (const handle of handles) handle.stop();
      throw error;
    }
    return new ParallelTrainStep(parts, layout, weights, handles);
  }

  /** Worker threads started (the main thread computes a shard too). */
  get workerThreads(): number {
    return this.handles.length;
  }

  get threads(): number {
    return this.handles.length + 1;
  }

  /** Copies the main model's current weights where the replicas read them. */
  private publishWeights(): void {
    this.parts.model.getWeights().forEach((weight, i) => copyTensorInto(weight, this.weightView, this.weightStarts[i]!));
  }

  /** Shares batch buffers big enough for `rows` rows (done again only when a batch is larger). */
  private async ensureInputs(rows: number, inputShape: number[], targetShape: number[]): Promise<NonNullable<ParallelTrainStep['inputs']>> {
    const current = this.inputs;
    const sameShapes = current && current.shared.inputShape.join() === inputShape.join() && current.shared.targetShape.join() === targetShape.join();
    if (current && sameShapes && current.rows >= rows) return current;
    const bytes = Float32Array.BYTES_PER_ELEMENT * rows;
    const shared: SharedInputs = {
      x: new SharedArrayBuffer(bytes * sizeOf(inputShape)),
      y: new SharedArrayBuffer(bytes * sizeOf(targetShape)),
      inputShape,
      targetShape,
    };
    await Promise.all(this.handles.map((handle) => handle.call({ type: 'inputs', inputs: shared })));
    this.inputs = { shared, x: new Float32Array(shared.x), y: new Float32Array(shared.y), rows };
    return this.inputs;
  }

  /**
   * The batch's gradients: this thread's and each worker's, weighted by their share of the
   * rows. On wasm each sum is one SIMD pass (see weightedSum); summed in JavaScript or as tf
   * ops it cost the step 4–6 ms while the workers waited.
   */
  private combineGradients(own: tf.NamedTensorMap, ownShare: number, busy: WorkerHandle[], share: (handle: WorkerHandle) => number): tf.NamedTensorMap {
    const { shapes, trainable } = this.layout;
    return tf.tidy(() => {
      const named: tf.NamedTensorMap = {};
      this.parts.model.trainableWeights.forEach((weight, k) => {
        const name = (weight.read() as tf.Variable).name;
        const shape = shapes[trainable[k]!]!;
        const start = this.gradStarts[k]!;
        let sum = own[name]!;
        busy.forEach((handle, i) => {
          const theirs = sharedTensor(handle.grads, start, sizeOf(shape), shape);
          sum = weightedSum(sum, theirs, i === 0 ? ownShare : 1, share(handle));
        });
        named[name] = sum;
      });
      return named;
    });
  }

  /**
   * Moving statistics (BatchNormalization): the shard-weighted mean of each replica's update,
   * written as main + sum(share * (replica - main)) so that weights nobody changed stay exact.
   */
  private averageStatistics(busy: WorkerHandle[], share: (handle: WorkerHandle) => number): void {
    const { shapes, nonTrainable } = this.layout;
    this.parts.model.nonTrainableWeights.forEach((weight, k) => {
      const shape = shapes[nonTrainable[k]!]!;
      const start = this.statStarts[k]!;
      const updated = tf.tidy(() => {
        const main = weight.read();
        let value: tf.Tensor = main;
        for (const handle of busy) value = tf.add(value, tf.mul(tf.sub(sharedTensor(handle.stats, start, sizeOf(shape), shape), main), share(handle)));
        return value;
      });
      weight.write(updated);
      updated.dispose();
    });
  }

  async run(x: tf.Tensor, y: tf.Tensor, key?: StepKey): Promise<BatchLogs> {
    if (this.disposed) throw new Error('the parallel train step was used after dispose()');
    const rows = x.shape[0]!;
    const inputs = await this.ensureInputs(rows, x.shape.slice(1), y.shape.slice(1));
    const publish = () => {
      copyTensorInto(x, inputs.x, 0);
      copyTensorInto(y, inputs.y, 0);
      for (const handle of this.handles) handle.control[CTRL.byRows] = 0;
    };
    return this.step(rows, key, publish, (mainEnd) => (mainEnd === rows ? { x, y, owned: false } : { x: tf.slice(x, 0, mainEnd), y: tf.slice(y, 0, mainEnd), owned: true }));
  }

  /**
   * Trains on the samples `indices` of `train`. A training set streamed from the cache is read
   * where it is used: this thread reads (and augments) only its own shard's rows and each
   * worker reads its shard through its own descriptor of the cache file, so the batch is never
   * gathered in one place. Other sets take the shared-batch path of `run`.
   */
  async runRows(train: ArraySamples, indices: Uint32Array, epoch: number, key?: StepKey): Promise<BatchLogs> {
    if (this.disposed) throw new Error('the parallel train step was used after dispose()');
    const source = train.x;
    if (!(source instanceof CacheRows) || this.handles.length === 0) {
      const { x, y } = makeBatch(train, indices, epoch);
      return this.run(x, y, key).finally(() => tf.dispose([x, y]));
    }
    const rows = indices.length;
    await this.ensureInputs(rows, train.inputShape, train.targetShape);
    const shared = await this.ensureRows(train, source, rows);
    const publish = () => {
      shared.set(indices);
      for (const handle of this.handles) {
        handle.control[CTRL.byRows] = 1;
        handle.control[CTRL.epoch] = epoch;
      }
    };
    return this.step(rows, key, publish, (mainEnd) => ({ ...makeBatch(train, indices.subarray(0, mainEnd), epoch), owned: true }));
  }

  /** Shares the streamed set with the workers once per training set (again only for a larger batch); returns the index buffer. */
  private async ensureRows(train: ArraySamples, source: CacheRows, rows: number): Promise<Uint32Array> {
    const current = this.rowsShared;
    if (current && current.train === train && current.indices.length >= rows) return current.indices;
    const buffer = new SharedArrayBuffer(Uint32Array.BYTES_PER_ELEMENT * rows);
    const spec: WorkerRows = { source: source.describe(), y: train.y, augmentation: train.augment?.spec, indices: buffer };
    if (train.augment && !train.augment.spec) throw new Error('a streamed training set needs an augmenter a worker can rebuild (made by makeAugmenter)');
    await Promise.all(this.handles.map((handle) => handle.call({ type: 'rows', rows: spec })));
    this.rowsShared = { train, indices: new Uint32Array(buffer) };
    return this.rowsShared.indices;
  }

  /** One step: publish weights and the batch (`publish`), this thread's shard (`localBatch`) while the workers compute theirs, then combine and apply. */
  private async step(rows: number, key: StepKey | undefined, publish: () => void, localBatch: (mainEnd: number) => { x: tf.Tensor; y: tf.Tensor; owned: boolean }): Promise<BatchLogs> {
    const dropoutStep = this.keys.word(key);
    const shards = shardRanges(rows, this.handles.length + 1);
    const [, mainEnd] = shards[0]!;
    const busy = this.handles.filter((_, k) => shards[k + 1]![1] > shards[k + 1]![0]);
    const t0 = performance.now();
    if (busy.length > 0) {
      this.publishWeights();
      publish();
      busy.forEach((handle) => handle.request(...shards[handle.index]!, dropoutStep));
    }
    const t1 = performance.now();

    // This thread's shard runs while the workers compute theirs.
    const own = localBatch(mainEnd);
    const local = tf.tidy(() => {
      const { loss, metric, grads } = lossAndGradients(this.parts, own.x, own.y, { step: dropoutStep, row: 0 });
      return { loss, metric, grads };
    });
    if (own.owned) tf.dispose([own.x, own.y]);
    const t2 = performance.now();
    try {
      await Promise.all(busy.map((handle) => handle.finished()));
    } catch (error) {
      tf.dispose([local.loss, local.metric, local.grads]);
      throw error;
    }
    const t3 = performance.now();
    const share = (handle: WorkerHandle) => (shards[handle.index]![1] - shards[handle.index]![0]) / rows;
    const ownShare = mainEnd / rows;
    const combined = this.combineGradients(local.grads, ownShare, busy, share);
    this.parts.optimizer.applyGradients(combined);
    if (busy.length > 0) this.averageStatistics(busy, share);
    this.recordTimings(t0, t1, t2, t3, performance.now(), busy);

    let loss = ownShare * (await local.loss.data())[0]!;
    let acc = local.metric ? ownShare * (await local.metric.data())[0]! : undefined;
    for (const handle of busy) {
      loss += share(handle) * handle.results[RESULT.loss]!;
      if (acc !== undefined) acc += share(handle) * handle.results[RESULT.acc]!;
    }
    tf.dispose([local.loss, local.metric, local.grads, combined]);
    return acc === undefined ? { loss } : { loss, acc };
  }

  private recordTimings(t0: number, t1: number, t2: number, t3: number, t4: number, busy: WorkerHandle[]): void {
    const slowest = busy.reduce<WorkerHandle | undefined>((worst, handle) => (worst === undefined || handle.results[RESULT.computeMs]! > worst.results[RESULT.computeMs]! ? handle : worst), undefined);
    const of = (slot: number) => slowest?.results[slot] ?? 0;
    this.lastTimings = {
      publish: t1 - t0,
      ownShard: t2 - t1,
      wait: t3 - t2,
      combineAndApply: t4 - t3,
      workerLoad: of(RESULT.loadMs),
      workerShard: of(RESULT.computeMs),
      workerWrite: of(RESULT.writeMs),
    };
  }

  /**
   * Test hook: the weights replica `index` (1-based) holds now, read without reloading —
   * those it computed its last shard with.
   */
  async replicaWeights(index: number): Promise<Float32Array[]> {
    const handle = this.handles[index - 1];
    if (handle === undefined) throw new Error(`there is no gradient worker ${index}`);
    const reply = await handle.call({ type: 'readWeights' });
    return reply.type === 'reply' && reply.weights ? reply.weights : [];
  }

  /** Terminates the worker threads (idempotent). */
  dispose(): void {
    this.disposed = true;
    for (const handle of this.handles) handle.stop();
  }
}
