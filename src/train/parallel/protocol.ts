/**
 * What the main thread and the gradient workers share: the shapes of the buffers and the
 * slots of the control array. Data (weights, batch, gradients) travels through
 * SharedArrayBuffers and steps are signalled with Atomics, so a step costs no structured
 * clone; messages are used only for start-up, resizing and the test read-back.
 */
import tf from '../../util/tfjs.cjs';
import type { ConcreteBackend } from '../../backend/select.js';
import type { WasmBackendLike } from '../../backend/wasm/kernel-util.js';
import type { AugmenterSpec } from '../../data/images/augment.js';
import type { CacheRowsSpec } from '../../data/images/cache-rows.js';

/** Slots of each worker's Int32 control array. */
export const CTRL = {
  /** Bumped by the main thread to start a step (the worker waits on it). */
  request: 0,
  /** Set to the request number by the worker when its gradients are written. */
  done: 1,
  /** 0 while healthy; 1 once the worker has failed (its message follows as an 'error' reply). */
  failed: 2,
  /** First and one-past-last row of the batch this worker computes. */
  start: 3,
  end: 4,
  /** 1 asks the worker to leave its loop (sent by dispose before terminate). */
  stop: 5,
  /**
   * The step's dropout key (a uint32 stored as int32). With `start` as the global row offset
   * it makes a replica draw the masks one thread would draw for those rows.
   */
  dropoutStep: 6,
  /** 1 when the worker reads its rows itself (a streamed training set, see `WorkerRows`); 0 to take them from the shared batch. */
  byRows: 7,
  /** The epoch of the step's rows (their augmentation depends on it), when `byRows` is 1. */
  epoch: 8,
} as const;
export const CTRL_SLOTS = 9;

/** Slots of each worker's Float64 result array. */
export const RESULT = {
  loss: 0,
  acc: 1,
  hasAcc: 2,
  /** The worker's last step, in ms: loading the published weights, its shard's gradients, writing them back. */
  loadMs: 3,
  computeMs: 4,
  writeMs: 5,
} as const;
export const RESULT_SLOTS = 6;

/** Shapes of the model's weights, in `model.getWeights()` order, and which are trained. */
export interface WeightLayout {
  shapes: number[][];
  /** Indices into `shapes` of the trainable weights, in `model.trainableWeights` order. */
  trainable: number[];
  /** Indices of the weights that are not trained but change in training (BatchNorm statistics). */
  nonTrainable: number[];
}

/** Per-worker buffers: control, results, and the gradients and statistics it writes back. */
export interface WorkerBuffers {
  control: SharedArrayBuffer;
  results: SharedArrayBuffer;
  /** Trainable gradients, concatenated in `layout.trainable` order. */
  grads: SharedArrayBuffer;
  /** The replica's non-trainable weights after its forward pass, in `layout.nonTrainable` order. */
  stats: SharedArrayBuffer;
}

/** The batch every worker reads its rows from; replaced when a larger batch or new shape comes. */
export interface SharedInputs {
  x: SharedArrayBuffer;
  y: SharedArrayBuffer;
  /** Per-sample shapes of inputs and targets. */
  inputShape: number[];
  targetShape: number[];
}

/**
 * A streamed training set as a worker reads it: the cache file's rows, the targets, how to
 * augment, and the batch's sample indices (written by the main thread before each step), so
 * that each worker reads and augments its own shard's rows and no thread holds the whole set.
 */
export interface WorkerRows {
  source: CacheRowsSpec;
  /** Targets of every sample, `targetShape` floats each. */
  y: Float32Array;
  augmentation?: AugmenterSpec;
  /** Uint32 sample indices of the current batch. */
  indices: SharedArrayBuffer;
}

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  backend: ConcreteBackend;
  /** `model.toJSON()` topology, from which the worker builds its replica. */
  topology: string;
  /** tfjs loss identifier and metrics the main model was compiled with. */
  loss: string;
  metrics: string[];
  layout: WeightLayout;
  /** The current weights, all of `model.getWeights()` concatenated; written by the main thread before each step. */
  weights: SharedArrayBuffer;
  buffers: WorkerBuffers;
}

/** Messages from main to worker (outside steps). */
export type ToWorkerRequest = { type: 'inputs'; inputs: SharedInputs } | { type: 'rows'; rows: WorkerRows } | { type: 'readWeights' };
export type ToWorker = ToWorkerRequest & { id: number };

/** Messages from worker to main. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'reply'; id: number; weights?: Float32Array[] }
  | { type: 'error'; message: string };

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Start offsets (in floats) of the listed weights when concatenated, plus the total. */
export function offsets(shapes: readonly number[][], indices?: readonly number[]): { starts: number[]; total: number } {
  const chosen = indices ?? shapes.map((_, i) => i);
  const starts: number[] = [];
  let total = 0;
  for (const i of chosen) {
    starts.push(total);
    total += sizeOf(shapes[i]!);
  }
  return { starts, total };
}

/**
 * Splits `rows` into `parts` contiguous shards as equal as possible; the first shards get the
 * remainder, so the first (the main thread's) is never empty when rows >= 1. (Balancing by
 * measured thread speed was tried: on the 2-core machine the differences were noise.)
 */
export function shardRanges(rows: number, parts: number): Array<[number, number]> {
  const base = Math.floor(rows / parts);
  const extra = rows % parts;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = base + (i < extra ? 1 : 0);
    ranges.push([start, start + size]);
    start += size;
  }
  return ranges;
}

/**
 * A float32 tensor's values. On wasm this is a view of the backend's heap (as our kernels
 * read it), valid until the next allocation; `dataSync()` would allocate a copy of every
 * weight and gradient each step, and that garbage (megabytes per step) set off collections
 * in both threads.
 */
function tensorValues(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as Partial<WasmBackendLike>;
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap(tensor) as Float32Array;
  }
  return tensor.dataSync() as Float32Array;
}

/** Copies a tensor's values into `target` at `offset`. */
export function copyTensorInto(tensor: tf.Tensor, target: Float32Array, offset: number): void {
  target.set(tensorValues(tensor), offset);
}

/**
 * A float32 tensor of `view[start, start + size)`. The wasm backend copies the values into
 * its heap at once; the cpu backend keeps the array it is given, so it gets its own copy
 * (the shared buffer is rewritten next step).
 */
export function sharedTensor(view: Float32Array, start: number, size: number, shape: number[]): tf.Tensor {
  const copy = tf.getBackend() !== 'wasm';
  return tf.tensor(copy ? view.slice(start, start + size) : view.subarray(start, start + size), shape, 'float32');
}
