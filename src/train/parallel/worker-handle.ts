import { Worker } from 'node:worker_threads';
import { RuntimeFailure } from '../../errors.js';
import { CTRL, CTRL_SLOTS, RESULT_SLOTS, type FromWorker, type ToWorkerRequest, type WorkerInit } from './protocol.js';

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };
// Atomics.waitAsync is in Node 20 but not in TypeScript's ES2022 library.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/**
 * Starts the worker thread. From the compiled dist/ it is `gradient-worker.js` next to this
 * file. From TypeScript sources (tests under `node --import tsx`) Node 20 does not apply the
 * main thread's tsx hooks to workers, so the worker registers tsx itself, then loads the .ts.
 */
function spawn(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./gradient-worker.ts', here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true, workerData: init });
  }
  return new Worker(new URL('./gradient-worker.js', here), { workerData: init });
}

/** The buffers a worker writes its results to, sized for the model's weights. */
export function workerBuffers(trainableFloats: number, nonTrainableFloats: number): WorkerInit['buffers'] {
  return {
    control: new SharedArrayBuffer(CTRL_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    results: new SharedArrayBuffer(RESULT_SLOTS * Float64Array.BYTES_PER_ELEMENT),
    grads: new SharedArrayBuffer(trainableFloats * Float32Array.BYTES_PER_ELEMENT),
    stats: new SharedArrayBuffer(nonTrainableFloats * Float32Array.BYTES_PER_ELEMENT),
  };
}

/**
 * The main thread's side of one gradient worker: starting a step, waiting for it, and
 * turning any failure of the worker (an exception, a crash, an unexpected exit) into a
 * rejected promise, so that training ends with one line instead of hanging.
 */
export class WorkerHandle {
  readonly control: Int32Array;
  readonly results: Float64Array;
  readonly grads: Float32Array;
  readonly stats: Float32Array;
  private readonly worker: Worker;
  private readonly failure: Promise<never>;
  private readonly ready: Promise<void>;
  private readonly replies = new Map<number, (message: FromWorker) => void>();
  private nextId = 1;
  private stopping = false;

  constructor(readonly index: number, init: WorkerInit) {
    this.control = new Int32Array(init.buffers.control);
    this.results = new Float64Array(init.buffers.results);
    this.grads = new Float32Array(init.buffers.grads);
    this.stats = new Float32Array(init.buffers.stats);
    let fail!: (error: Error) => void;
    let markReady!: () => void;
    this.failure = new Promise<never>((_, reject) => (fail = reject));
    // Observed by whoever awaits next; this keeps an early failure from being "unhandled".
    this.failure.catch(() => {});
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    const failed = (what: string) => fail(new RuntimeFailure(`gradient worker ${index} failed: ${what}`, { code: 'WORKER_FAILED' }));
    this.worker = spawn(init);
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'error') failed(message.message);
      else this.replies.get(message.id)?.(message);
    });
    this.worker.on('error', (error) => failed(error.message.split('\n')[0]!));
    this.worker.on('exit', (code) => {
      if (!this.stopping) failed(`it exited unexpectedly with code ${code}`);
    });
  }

  /** Resolves once the worker has built its replica. */
  whenReady(): Promise<void> {
    return Promise.race([this.ready, this.failure]);
  }

  /** Starts a step on rows [start, end) of the shared batch with dropout key `step`; weights must already be published. */
  request(start: number, end: number, step: number): void {
    this.control[CTRL.start] = start;
    this.control[CTRL.end] = end;
    this.control[CTRL.dropoutStep] = step | 0;
    Atomics.add(this.control, CTRL.request, 1);
    Atomics.notify(this.control, CTRL.request);
  }

  /** Resolves when the requested step's results are in the shared buffers. */
  async finished(): Promise<void> {
    const target = Atomics.load(this.control, CTRL.request);
    for (;;) {
      const done = Atomics.load(this.control, CTRL.done);
      if (done === target) break;
      if (this.stopping) throw new RuntimeFailure(`gradient worker ${this.index} was stopped during a step`, { code: 'WORKER_FAILED' });
      const wait = waitAsync(this.control, CTRL.done, done);
      if (wait.async) await Promise.race([wait.value, this.failure]);
    }
    if (Atomics.load(this.control, CTRL.failed) === 1) await this.failure;
  }

  /** Sends a message outside of steps and waits for the worker's reply. */
  call(message: ToWorkerRequest): Promise<FromWorker> {
    const id = this.nextId++;
    const reply = new Promise<FromWorker>((resolve) => {
      this.replies.set(id, (answer) => {
        this.replies.delete(id);
        resolve(answer);
      });
    });
    this.worker.postMessage({ ...message, id });
    return Promise.race([reply, this.failure]);
  }

  /** Ends the worker: its loop is told to stop and the thread is terminated. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    Atomics.store(this.control, CTRL.stop, 1);
    Atomics.add(this.control, CTRL.request, 1);
    Atomics.notify(this.control, CTRL.request);
    // Wakes a main-thread waiter, if a step was abandoned, so nothing stays pending.
    Atomics.notify(this.control, CTRL.done);
    this.worker.terminate().catch(() => {});
  }
}
