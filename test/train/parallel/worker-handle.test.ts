import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeFailure } from '../../../src/errors.js';
import { CTRL, CTRL_SLOTS, RESULT_SLOTS } from '../../../src/train/parallel/protocol.js';
import { WorkerHandle, workerBuffers } from '../../../src/train/parallel/worker-handle.js';
import { initFor, sharedInputs, tinyModel } from './worker-init.js';

await tf.setBackend('cpu');

function workerFailed(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RuntimeFailure, String(error));
    assert.equal(error.exitCode, 1);
    assert.equal(error.code, 'WORKER_FAILED');
    assert.ok(!error.toLine().includes('\n'), 'one line');
    assert.match(error.toLine(), pattern);
    return true;
  };
}

test('workerBuffers sizes the control, result, gradient and statistics buffers', () => {
  const buffers = workerBuffers(10, 3);
  assert.equal(buffers.control.byteLength, CTRL_SLOTS * 4);
  assert.equal(buffers.results.byteLength, RESULT_SLOTS * 8);
  assert.equal(buffers.grads.byteLength, 40);
  assert.equal(buffers.stats.byteLength, 12);
  assert.equal(workerBuffers(0, 0).stats.byteLength, 0);
});

test('a worker that cannot build its replica fails whenReady with one line naming the worker', async () => {
  const model = tinyModel();
  const handle = new WorkerHandle(3, initFor(model, '{"class_name": "NoSuchModel", "config": {}}'));
  try {
    await assert.rejects(handle.whenReady(), workerFailed(/^gradient worker 3 failed: /));
  } finally {
    handle.stop();
    model.dispose();
  }
});

test('a worker that dies is a failed step, not a hang; one that is stopped mid-step says so', async () => {
  const model = tinyModel();
  const crashing = new WorkerHandle(1, initFor(model));
  const stopped = new WorkerHandle(2, initFor(model));
  try {
    await Promise.all([crashing.whenReady(), stopped.whenReady()]);
    await crashing.call({ type: 'inputs', inputs: sharedInputs(4) });
    // Kill the thread as a crash would.
    await (crashing as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    crashing.request(0, 4, 0);
    await assert.rejects(crashing.finished(), workerFailed(/^gradient worker 1 failed: it exited unexpectedly with code 1$/));
    await assert.rejects(crashing.call({ type: 'readWeights' }), workerFailed(/exited unexpectedly/));
    // No batch shared: the worker would fail this step, but it is stopped before anything is awaited.
    stopped.request(0, 4, 0);
    stopped.stop();
    await assert.rejects(stopped.finished(), workerFailed(/^gradient worker 2 was stopped during a step$/));
    assert.equal(Atomics.load(stopped.control, CTRL.stop), 1);
  } finally {
    crashing.stop();
    stopped.stop();
    model.dispose();
  }
});
