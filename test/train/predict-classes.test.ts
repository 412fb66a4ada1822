import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArraySamples } from '../../src/train/batches.js';
import { predictClasses } from '../../src/train/predict-classes.js';
import { values } from '../backend/compare.js';

test('each sample gets the argmax class and its probability, the same whatever the batch size', async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 5, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: 9, stddev: 2 }) })] });
  const count = 17;
  const x = values(count * 4, 8);
  const samples: ArraySamples = { x, y: new Float32Array(count * 5), count, inputShape: [4], targetShape: [5] };
  const labels = Array.from({ length: count }, (_, i) => i % 5);
  const probabilities = tf.tidy(() => (model.predict(tf.tensor2d(x, [count, 4])) as tf.Tensor).arraySync() as number[][]);
  const expectedClass = probabilities.map((row) => row.indexOf(Math.max(...row)));
  assert.ok(new Set(expectedClass).size > 1, 'the model predicts more than one class');
  for (const batchSize of [4, 17, 500]) {
    const result = await predictClasses(model, samples, labels, batchSize);
    assert.equal(result.labels, labels);
    assert.deepEqual(Array.from(result.predicted), expectedClass, `batch ${batchSize}`);
    Array.from(result.probability).forEach((p, i) => assert.ok(Math.abs(p - Math.max(...probabilities[i]!)) < 1e-6));
  }
  model.dispose();
});
