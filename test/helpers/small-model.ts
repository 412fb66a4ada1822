import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { initBackend } from '../../src/backend/select.js';

/**
 * A small Sequential CNN with every kind of weight kerasts writes (conv kernel and bias,
 * batch-norm gamma/beta/moving statistics, dense kernel and bias) and weightless layers in
 * between. Weight i holds (i + 1) / 100 * (j % 13) + 0.1 at flat index j: positive (a valid
 * moving variance), different per weight, and written down exactly in float32.
 */
export async function smallModel(): Promise<tf.LayersModel> {
  await initBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, name: 'conv2d_1' }),
      tf.layers.batchNormalization({ name: 'batch_normalization_1' }),
      tf.layers.activation({ activation: 'relu', name: 'activation_1' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d_1' }),
      tf.layers.flatten({ name: 'flatten_1' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'dense_1' }),
    ],
  });
  model.setWeights(model.weights.map((weight, i) => tf.tensor(expectedValues(i, weight.shape), weight.shape as number[])));
  return model;
}

/** The values `smallModel` puts in its i-th weight (model.weights order). */
export function expectedValues(i: number, shape: readonly (number | null)[]): Float32Array {
  const size = shape.reduce<number>((a, b) => a * (b ?? 1), 1);
  return Float32Array.from({ length: size }, (_, j) => ((i + 1) / 100) * (j % 13) + 0.1);
}

/** A fixed input batch for `smallModel` (two 6x6x1 images). */
export function fixedInput(): tf.Tensor {
  return tf.tensor4d(Float32Array.from({ length: 72 }, (_, j) => ((j * 7) % 11) / 10 - 0.5), [2, 6, 6, 1]);
}

/** Asserts that `back` (a model read back from a written file) has `model`'s weights and predictions exactly. */
export function assertSameModel(back: tf.LayersModel, model: tf.LayersModel): void {
  assert.deepEqual(back.weights.map((w) => Array.from(w.read().dataSync())), model.weights.map((w) => Array.from(w.read().dataSync())));
  const input = fixedInput();
  const [expected, actual] = [model.predict(input) as tf.Tensor, back.predict(input) as tf.Tensor];
  assert.deepEqual(Array.from(actual.dataSync()), Array.from(expected.dataSync()));
  tf.dispose([input, expected, actual]);
}
