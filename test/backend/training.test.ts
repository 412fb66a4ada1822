import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../src/model/build.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';
import { assertClose, useWasm, values } from './compare.js';

/** The classic mnist_cnn layer stack at a size the cpu backend trains in a second. */
function smallClassic(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'glorotUniform' }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.dropout({ rate: 0.25, seed: 1 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  m.add(tf.layers.dropout({ rate: 0.5, seed: 2 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

async function trainOn(backend: 'cpu' | 'wasm', initial: Float32Array[], steps: number): Promise<Float32Array[]> {
  if (backend === 'wasm') await useWasm();
  else await tf.setBackend('cpu');
  const model = smallClassic();
  model.setWeights(initial.map((data, i) => tf.tensor(data, model.getWeights()[i]!.shape)));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(values(16 * 144, 11).map((v) => (v + 1) / 2), [16, 12, 12, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10);
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const weights = await Promise.all(model.getWeights().map(async (w) => new Float32Array(await w.data())));
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

test('a few SGD steps of a small classic CNN give the same weights on wasm as on cpu', async () => {
  await tf.setBackend('cpu');
  const reference = smallClassic();
  const initial = await Promise.all(reference.getWeights().map(async (w) => new Float32Array(await w.data())));
  reference.dispose();
  const cpu = await trainOn('cpu', initial, 3);
  const wasm = await trainOn('wasm', initial, 3);
  // Training must have moved the weights, or the comparison proves nothing.
  assert.ok(cpu.some((w, i) => w.some((v, j) => v !== initial[i]![j])), 'weights changed');
  cpu.forEach((w, i) => assertClose(wasm[i]!, w, `weight ${i}`, 1e-3, 1e-4));
});

/** The model of a shipped config, built as `kerasts train` builds it (tf ordering, MNIST input). */
function fromConfig(path: string): tf.Sequential {
  const spec = parseSpec(JSON.parse(readFileSync(path, 'utf8')), path);
  return buildModel(spec.model as ModelSpec, { imageDimOrdering: 'tf', inputShape: [28, 28, 1] });
}

/** The shipped configs at full size (their 32- and 64-filter convolutions use the widest SIMD blocks). */
const shipped: Record<string, () => tf.Sequential> = {
  'classic mnist_cnn (Conv 32, Conv 32)': () => fromConfig('configs/mnist_cnn.json'),
  'Keras 2 mnist_cnn (Conv 32, Conv 64)': () => fromConfig('configs/mnist_cnn_keras2.json'),
};

for (const [name, build] of Object.entries(shipped)) {
  test(`one Adadelta training step on wasm finds every kernel: ${name}`, async () => {
    await useWasm();
    const model = build();
    model.compile({ optimizer: tf.train.adadelta(1.0, 0.95, 1e-6), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = tf.tensor4d(values(4 * 784, 12).map((v) => (v + 1) / 2), [4, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 3, 7, 9], 'int32'), 10);
    // A missing kernel throws "Kernel 'X' not registered for backend 'wasm'".
    const first = (await model.trainOnBatch(x, y)) as number[];
    const tensors = tf.memory().numTensors;
    const second = (await model.trainOnBatch(x, y)) as number[];
    assert.ok(Number.isFinite(first[0]) && Number.isFinite(second[0]), `finite loss: ${first[0]}, ${second[0]}`);
    assert.equal(tf.memory().numTensors, tensors, 'numTensors stable across steps');
    tf.dispose([x, y]);
    model.dispose();
  });
}
