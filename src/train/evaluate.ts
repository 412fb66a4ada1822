import tf from '../util/tfjs.cjs';
import { batchRanges, makeBatch, type ArraySamples } from './batches.js';
import type { BatchLogs, CompiledParts } from './train-step.js';

/** Default evaluation batch: larger than training batches, since no gradients are kept. */
export const EVALUATION_BATCH_SIZE = 500;

/**
 * Mean loss and metric over `samples` in inference mode (dropout off), batch by batch so
 * the whole set never sits in backend memory at once.
 */
export async function evaluateSamples(parts: CompiledParts, samples: ArraySamples, batchSize = EVALUATION_BATCH_SIZE): Promise<BatchLogs> {
  let lossSum = 0;
  let metricSum = 0;
  const indices = new Uint32Array(samples.count);
  for (let i = 0; i < samples.count; i++) indices[i] = i;
  for (const [start, end] of batchRanges(samples.count, batchSize)) {
    const { x, y } = makeBatch(samples, indices.subarray(start, end));
    const [loss, metric] = tf.tidy(() => {
      const predictions = parts.model.predict(x, { batchSize: end - start }) as tf.Tensor;
      return [tf.sum(parts.loss(y, predictions)), parts.metric ? tf.sum(parts.metric(y, predictions)) : tf.scalar(0)];
    });
    lossSum += (await loss.data())[0];
    metricSum += (await metric.data())[0];
    tf.dispose([x, y, loss, metric]);
  }
  const count = Math.max(1, samples.count);
  return parts.metric ? { loss: lossSum / count, acc: metricSum / count } : { loss: lossSum / count };
}
