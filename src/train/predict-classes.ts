import tf from '../util/tfjs.cjs';
import type { ArraySamples } from './batches.js';
import { batchRanges, makeBatch } from './batches.js';
import { EVALUATION_BATCH_SIZE } from './evaluate.js';
import type { ClassPredictions } from '../model/confusion.js';

/** The most likely class and its probability for every sample, in inference mode, batch by batch. */
export async function predictClasses(model: tf.LayersModel, samples: ArraySamples, labels: ArrayLike<number>, batchSize = EVALUATION_BATCH_SIZE): Promise<ClassPredictions> {
  const predicted = new Uint32Array(samples.count);
  const probability = new Float32Array(samples.count);
  const indices = new Uint32Array(samples.count);
  for (let i = 0; i < samples.count; i++) indices[i] = i;
  for (const [start, end] of batchRanges(samples.count, batchSize)) {
    const { x, y } = makeBatch(samples, indices.subarray(start, end));
    const [best, top] = tf.tidy(() => {
      const output = model.predict(x, { batchSize: end - start }) as tf.Tensor;
      return [tf.argMax(output, -1), tf.max(output, -1)];
    });
    predicted.set(await best.data(), start);
    probability.set(await top.data(), start);
    tf.dispose([x, y, best, top]);
  }
  return { labels, predicted, probability };
}
