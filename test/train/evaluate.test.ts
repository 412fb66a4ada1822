import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ArraySamples } from '../../src/train/batches.js';
import { evaluateSamples } from '../../src/train/evaluate.js';
import { compiledParts } from '../../src/train/train-step.js';
import { values } from '../backend/compare.js';

before(async () => {
  await tf.setBackend('cpu');
});

function samples(count: number): ArraySamples {
  const labels = Array.from({ length: count }, (_, i) => (i * 5) % 3);
  return { x: values(count * 4, 3), y: Float32Array.from(labels.flatMap((label) => [0, 1, 2].map((k) => (k === label ? 1 : 0)))), count, inputShape: [4], targetShape: [3] };
}

function model(metrics: string[]): tf.LayersModel {
  const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) })] });
  m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics });
  return m;
}

test('batch by batch, uneven last batch included, the means equal tfjs\'s own evaluate', async () => {
  const m = model(['accuracy']);
  const s = samples(23);
  const x = tf.tensor2d(s.x as Float32Array, [23, 4]);
  const y = tf.tensor2d(s.y, [23, 3]);
  const [loss, acc] = (m.evaluate(x, y, { batchSize: 23 }) as tf.Scalar[]).map((t) => t.dataSync()[0]!);
  for (const batchSize of [5, 23, 100]) {
    const logs = await evaluateSamples(compiledParts(m), s, batchSize);
    assert.ok(Math.abs(logs.loss - loss!) < 1e-5, `batch ${batchSize}: loss ${logs.loss} vs ${loss}`);
    assert.ok(Math.abs(logs.acc! - acc!) < 1e-6, `batch ${batchSize}: acc ${logs.acc} vs ${acc}`);
  }
  tf.dispose([x, y]);
  m.dispose();
});

test('without a metric only the loss is reported; nothing leaks; no samples give zeros, not NaN', async () => {
  const m = model([]);
  const before = tf.memory().numTensors;
  const logs = await evaluateSamples(compiledParts(m), samples(7), 3);
  assert.deepEqual(Object.keys(logs), ['loss']);
  assert.ok(logs.loss > 0);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(await evaluateSamples(compiledParts(m), samples(0)), { loss: 0 });
  m.dispose();
});
