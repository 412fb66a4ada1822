import tf from '../../util/tfjs.cjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../../backend/select.js';
import { registerLayerClasses } from '../../spec/layers/registry.js';
import { compiledParts, lossAndGradients, type CompiledParts } from '../train-step.js';
import { makeAugmenter, type BatchAugmenter } from '../../data/images/augment.js';
import { CacheRows } from '../../data/images/cache-rows.js';
import { gatherRows } from '../batches.js';
import { CTRL, RESULT, copyTensorInto, offsets, sharedTensor, sizeOf, type FromWorker, type SharedInputs, type ToWorker, type WorkerInit, type WorkerRows } from './protocol.js';

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * One gradient worker: a replica of the main model on its own backend. Each step it loads
 * the weights the main thread published, computes the gradients of its rows of the batch
 * and writes them back; it never applies them (the main thread's optimizer does), so the
 * replicas cannot drift from the main model.
 */
class Replica {
  private readonly control: Int32Array;
  private readonly results: Float64Array;
  private readonly grads: Float32Array;
  private readonly stats: Float32Array;
  private readonly gradStarts: number[];
  private readonly statStarts: number[];
  private readonly weights: Float32Array;
  private inputs?: { x: Float32Array; y: Float32Array; inputShape: number[]; targetShape: number[] };
  private rows?: { source: CacheRows; y: Float32Array; augment?: BatchAugmenter; indices: Uint32Array };

  constructor(private readonly init: WorkerInit, private readonly parts: CompiledParts) {
    this.control = new Int32Array(init.buffers.control);
    this.results = new Float64Array(init.buffers.results);
    this.grads = new Float32Array(init.buffers.grads);
    this.stats = new Float32Array(init.buffers.stats);
    this.gradStarts = offsets(init.layout.shapes, init.layout.trainable).starts;
    this.statStarts = offsets(init.layout.shapes, init.layout.nonTrainable).starts;
    this.weights = new Float32Array(init.weights);
  }

  /** The streamed training set this worker reads its own rows from (see `WorkerRows`). */
  useRows(rows: WorkerRows): void {
    this.rows?.source.close();
    const { augmentation: a } = rows;
    this.rows = { source: CacheRows.fromSpec(rows.source), y: rows.y, augment: a ? makeAugmenter(a.options, a.shape, a.ordering, a.seed) : undefined, indices: new Uint32Array(rows.indices) };
  }

  /**
   * Rows [start, end) of the batch as tensors: from the shared batch, or (a streamed set) read
   * from this worker's own descriptor of the cache file and augmented here, as the main thread
   * would have.
   */
  private batchTensors(start: number, end: number): { x: tf.Tensor; y: tf.Tensor } {
    const { inputShape, targetShape } = this.inputs!;
    const inSize = sizeOf(inputShape);
    const outSize = sizeOf(targetShape);
    if (this.control[CTRL.byRows] !== 1) {
      return {
        x: sharedTensor(this.inputs!.x, start * inSize, (end - start) * inSize, [end - start, ...inputShape]),
        y: sharedTensor(this.inputs!.y, start * outSize, (end - start) * outSize, [end - start, ...targetShape]),
      };
    }
    if (this.rows === undefined) throw new Error('no streamed rows were shared before a step that reads them');
    const indices = this.rows.indices.subarray(start, end);
    const x = new Float32Array(indices.length * inSize);
    this.rows.source.read(indices, x);
    this.rows.augment?.(x, indices, this.control[CTRL.epoch]!);
    return { x: tf.tensor(x, [indices.length, ...inputShape]), y: tf.tensor(gatherRows(this.rows.y, outSize, indices), [indices.length, ...targetShape]) };
  }

  useInputs(inputs: SharedInputs): void {
    this.inputs = { x: new Float32Array(inputs.x), y: new Float32Array(inputs.y), inputShape: inputs.inputShape, targetShape: inputs.targetShape };
  }

  /** Sets the replica's weights to the ones the main thread published. */
  loadWeights(): void {
    const { shapes } = this.init.layout;
    const tensors: tf.Tensor[] = [];
    let at = 0;
    for (const shape of shapes) {
      const size = sizeOf(shape);
      tensors.push(sharedTensor(this.weights, at, size, shape));
      at += size;
    }
    this.parts.model.setWeights(tensors);
    tf.dispose(tensors);
  }

  /** Reads the replica's current weights (for the test hook). */
  readWeights(): Float32Array[] {
    return this.parts.model.getWeights().map((w) => new Float32Array(w.dataSync()));
  }

  /** The gradients of rows [start, end) of the published batch, written to the shared buffers. */
  step(): void {
    const start = this.control[CTRL.start]!;
    const end = this.control[CTRL.end]!;
    if (this.inputs === undefined) throw new Error('no batch buffers were shared before the first step');
    const started = performance.now();
    this.loadWeights();
    const loaded = performance.now();
    const { x, y } = this.batchTensors(start, end);
    const dropout = { step: this.control[CTRL.dropoutStep]! >>> 0, row: start };
    const { loss, metric, grads } = lossAndGradients(this.parts, x, y, dropout);
    const computed = performance.now();
    const model = this.parts.model;
    model.trainableWeights.forEach((weight, k) => {
      copyTensorInto(grads[(weight.read() as tf.Variable).name]!, this.grads, this.gradStarts[k]!);
    });
    model.nonTrainableWeights.forEach((weight, k) => {
      copyTensorInto(weight.read(), this.stats, this.statStarts[k]!);
    });
    this.results[RESULT.loss] = loss.dataSync()[0]!;
    this.results[RESULT.hasAcc] = metric ? 1 : 0;
    this.results[RESULT.acc] = metric ? metric.dataSync()[0]! : 0;
    tf.dispose([x, y, loss, metric, grads]);
    this.results[RESULT.loadMs] = loaded - started;
    this.results[RESULT.computeMs] = computed - loaded;
    this.results[RESULT.writeMs] = performance.now() - computed;
  }

  /**
   * Waits for step requests until told to stop; a failure is reported, then the loop ends.
   * `listening` runs once the request counter has been read: a worker that said "ready"
   * before reading it could miss a step requested at once, and the main thread would wait forever.
   */
  async serve(post: (message: FromWorker) => void, listening: () => void): Promise<void> {
    let seen = Atomics.load(this.control, CTRL.request);
    listening();
    for (;;) {
      const wait = waitAsync(this.control, CTRL.request, seen);
      if (wait.async) await wait.value;
      if (Atomics.load(this.control, CTRL.stop) === 1) return;
      const request = Atomics.load(this.control, CTRL.request);
      if (request === seen) continue;
      seen = request;
      try {
        this.step();
      } catch (error) {
        // The message goes first so that the main thread finds it when it sees the flag.
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        Atomics.store(this.control, CTRL.failed, 1);
        Atomics.store(this.control, CTRL.done, request);
        Atomics.notify(this.control, CTRL.done);
        return;
      }
      Atomics.store(this.control, CTRL.done, request);
      Atomics.notify(this.control, CTRL.done);
    }
  }
}

/** The body of the worker thread (gradient-worker.ts calls it); started once per training run. */
export async function runGradientWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('runGradientWorker must run in a worker thread.');
  const post = (message: FromWorker) => port.postMessage(message);
  try {
    const init = workerData as WorkerInit;
    await initBackend(init.backend);
    // The topology names tfjs's `Dropout`; the replica must draw kerasts's counter-based masks.
    registerLayerClasses();
    const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(init.topology) } as Parameters<typeof tf.models.modelFromJSON>[0]);
    // The replica's optimizer is never used; compile only sets up its loss and metric.
    model.compile({ optimizer: 'sgd', loss: init.loss, metrics: init.metrics });
    const replica = new Replica(init, compiledParts(model));
    port.on('message', (message: ToWorker) => {
      try {
        if (message.type === 'inputs') {
          replica.useInputs(message.inputs);
          post({ type: 'reply', id: message.id });
        } else if (message.type === 'rows') {
          replica.useRows(message.rows);
          post({ type: 'reply', id: message.id });
        } else {
          post({ type: 'reply', id: message.id, weights: replica.readWeights() });
        }
      } catch (error) {
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    });
    await replica.serve(post, () => post({ type: 'ready' }));
    port.close();
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
