import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RuntimeFailure } from '../../../src/errors.js';
import { stepWord } from '../../../src/spec/layers/dropout.js';
import { RESULT, offsets } from '../../../src/train/parallel/protocol.js';
import { runGradientWorker } from '../../../src/train/parallel/replica.js';
import { WorkerHandle } from '../../../src/train/parallel/worker-handle.js';
import { compiledParts, lossAndGradients } from '../../../src/train/train-step.js';
import { assertClose } from '../../backend/compare.js';
import { initFor, sharedInputs, tinyBatch, tinyModel } from './worker-init.js';

await tf.setBackend('cpu');

// Both workers start at once: each takes seconds to load tfjs, and the tests only wait for theirs.
const models = [tinyModel(), tinyModel()];
const inits = models.map((model) => initFor(model));
// Publish other weights than the first replica was built with: it must load these before its step.
const published = new Float32Array(inits[0]!.weights);
published.set([0.3, 0.1, -0.4, 0.2, 0.5, -0.6, 0.0, 0.1]);
models[0]!.setWeights([tf.tensor2d(published.subarray(0, 6), [3, 2]), tf.tensor1d(published.subarray(6, 8))]);
const handles = inits.map((init, i) => new WorkerHandle(i + 1, init));
after(() => handles.forEach((handle) => handle.stop()));

test('runGradientWorker refuses to run outside a worker thread', async () => {
  await assert.rejects(runGradientWorker(), /runGradientWorker must run in a worker thread/);
});

test('a replica computes the gradients of its rows with the published weights, as this thread would', async () => {
  const [model, init, handle] = [models[0]!, inits[0]!, handles[0]!];
  await handle.whenReady();
  await handle.call({ type: 'inputs', inputs: sharedInputs(6) });
  const step = stepWord(7, 2);
  handle.request(2, 5, step);
  await handle.finished();

  const { x, y } = tinyBatch(6);
  const rows = tf.tensor2d(x.subarray(6, 15), [3, 3]);
  const targets = tf.tensor2d(y.subarray(4, 10), [3, 2]);
  const local = lossAndGradients(compiledParts(model), rows, targets, { step, row: 2 });
  const { starts } = offsets(init.layout.shapes, init.layout.trainable);
  model.trainableWeights.forEach((weight, k) => {
    const expected = local.grads[(weight.read() as tf.Variable).name]!.dataSync() as Float32Array;
    assertClose(handle.grads.subarray(starts[k]!, starts[k]! + expected.length), expected, `gradient of ${weight.name}`, 1e-5, 1e-6);
  });
  assert.ok(Math.abs(handle.results[RESULT.loss]! - local.loss.dataSync()[0]!) < 1e-6);
  assert.equal(handle.results[RESULT.hasAcc], 1);
  assert.equal(handle.results[RESULT.acc], local.metric!.dataSync()[0]);
  for (const slot of [RESULT.loadMs, RESULT.computeMs, RESULT.writeMs]) assert.ok(handle.results[slot]! >= 0);
  const reply = await handle.call({ type: 'readWeights' });
  assert.equal(reply.type, 'reply');
  assert.deepEqual(reply.type === 'reply' ? reply.weights!.flatMap((w) => Array.from(w)) : [], Array.from(published));
  tf.dispose([rows, targets, local.loss, local.metric, local.grads]);
});

test('a step before any batch was shared fails with the worker\'s own message', async () => {
  const handle = handles[1]!;
  await handle.whenReady();
  // Requested at once, with no message round trip first: the worker reads the request
  // counter before it says 'ready', so this step cannot be mistaken for the starting value.
  handle.request(0, 2, 0);
  await assert.rejects(handle.finished(), (error: unknown) =>
    error instanceof RuntimeFailure && error.message === 'gradient worker 2 failed: no batch buffers were shared before the first step');
});
