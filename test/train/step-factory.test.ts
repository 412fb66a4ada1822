import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParallelTrainStep } from '../../src/train/parallel/parallel-step.js';
import { createTrainStep } from '../../src/train/step-factory.js';
import { LocalTrainStep, compiledParts } from '../../src/train/train-step.js';

function tiny(metric: string | ((a: tf.Tensor, b: tf.Tensor) => tf.Tensor) = 'accuracy'): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: [metric as string] });
  return model;
}

test('one worker, or the tensorflow backend at any count, keeps the local step', async () => {
  await tf.setBackend('cpu');
  const model = tiny();
  for (const options of [{ workers: 1, backend: 'wasm' }, { workers: 1, backend: 'cpu' }, { workers: 4, backend: 'tensorflow' }] as const) {
    const step = await createTrainStep(compiledParts(model), options);
    assert.ok(step instanceof LocalTrainStep, JSON.stringify(options));
    assert.equal(step.threads, 1);
  }
  model.dispose();
});

test('a metric given as a function cannot be replicated in a worker: the local step, even with workers', async () => {
  await tf.setBackend('cpu');
  const model = tiny((a, b) => tf.metrics.categoricalAccuracy(a, b));
  assert.equal(ParallelTrainStep.supports(model), false);
  const step = await createTrainStep(compiledParts(model), { workers: 2, backend: 'cpu' });
  assert.ok(step instanceof LocalTrainStep);
  model.dispose();
});

test('the cpu backend with two workers gets the data-parallel step, with two threads', async () => {
  await tf.setBackend('cpu');
  const model = tiny();
  const step = await createTrainStep(compiledParts(model), { workers: 2, backend: 'cpu' });
  try {
    assert.ok(step instanceof ParallelTrainStep);
    assert.equal(step.threads, 2);
  } finally {
    step.dispose();
    model.dispose();
  }
});
