import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { stepWord } from '../../src/spec/layers/dropout.js';
import { compiledParts, lossAndGradients, LocalTrainStep, StepKeys } from '../../src/train/train-step.js';
import { assertClose, values } from '../backend/compare.js';

before(async () => {
  await tf.setBackend('cpu');
});

function dense(loss: string, metrics: string[] = ['accuracy'], learningRate = 0.5): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: 5 }) })] });
  model.compile({ optimizer: tf.train.sgd(learningRate), loss, metrics });
  return model;
}

const inputs = tf.tensor2d(values(18, 4), [6, 3]);
const labels = [0, 1, 2, 3, 1, 2];
const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);

test('compiledParts finds the loss, first metric and optimizer compile set up', () => {
  const parts = compiledParts(dense('categoricalCrossentropy'));
  assert.ok(parts.metric);
  assert.equal(parts.optimizer, parts.model.optimizer);
  assert.equal(compiledParts(dense('meanSquaredError', [])).metric, undefined);
});

test('the sparse loss is the categorical one on one-hot targets', () => {
  const sparse = compiledParts(dense('sparseCategoricalCrossentropy'));
  const predictions = tf.softmax(tf.tensor2d(values(24, 6), [6, 4]));
  const fromIndices = sparse.loss(tf.tensor2d(labels, [6, 1]), predictions).dataSync() as Float32Array;
  const fromOneHot = tf.metrics.categoricalCrossentropy(targets, predictions).dataSync() as Float32Array;
  assertClose(fromIndices, fromOneHot, 'per-sample loss', 1e-6, 1e-7);
});

test('a model that is not compiled is refused, naming the losses kerasts trains with', () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  assert.throws(() => compiledParts(model), /must be compiled with one of the losses categoricalCrossentropy, .*meanAbsoluteError before training/);
});

test('lossAndGradients gives the mean loss, its gradients and the metric of one forward pass', () => {
  const model = dense('categoricalCrossentropy');
  const { loss, metric, grads } = lossAndGradients(compiledParts(model), inputs, targets, { step: 0, row: 0 });
  const kernel = model.trainableWeights[0]!.read() as tf.Variable;
  const bias = model.trainableWeights[1]!.read() as tf.Variable;
  // The same loss written out by hand, differentiated by tf.grads.
  const byHand = (k: tf.Tensor, b: tf.Tensor) => tf.mean(tf.metrics.categoricalCrossentropy(targets, tf.softmax(tf.add(tf.matMul(inputs, k), b))));
  const [dk, db] = tf.grads(byHand)([kernel, bias]);
  assert.ok(Math.abs(loss.dataSync()[0]! - byHand(kernel, bias).dataSync()[0]!) < 1e-6);
  assertClose(grads[kernel.name]!.dataSync() as Float32Array, dk!.dataSync() as Float32Array, 'kernel gradient', 1e-5, 1e-6);
  assertClose(grads[bias.name]!.dataSync() as Float32Array, db!.dataSync() as Float32Array, 'bias gradient', 1e-5, 1e-6);
  const predicted = (model.predict(inputs) as tf.Tensor).argMax(-1).arraySync() as number[];
  assert.equal(metric!.dataSync()[0], Math.fround(predicted.filter((p, i) => p === labels[i]).length / labels.length));
});

test('a local step applies the gradients with the model\'s optimizer and reports the batch\'s loss and accuracy', async () => {
  const model = dense('categoricalCrossentropy', ['accuracy'], 0.5);
  const parts = compiledParts(model);
  const before = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const { loss, grads } = lossAndGradients(parts, inputs, targets, { step: 0, row: 0 });
  const expected = model.trainableWeights.map((w, i) => before[i]!.map((v, j) => v - 0.5 * grads[(w.read() as tf.Variable).name]!.dataSync()[j]!));
  const step = new LocalTrainStep(parts);
  assert.equal(step.threads, 1);
  const logs = await step.run(inputs, targets);
  assert.ok(Math.abs(logs.loss - loss.dataSync()[0]!) < 1e-6);
  assert.ok(logs.acc !== undefined && logs.acc >= 0 && logs.acc <= 1);
  model.getWeights().forEach((w, i) => assertClose(w.dataSync() as Float32Array, expected[i]!, `weight ${i} after SGD`, 1e-5, 1e-6));
  const held = tf.memory().numTensors;
  const second = await step.run(inputs, targets);
  assert.ok(second.loss < logs.loss, `the loss falls: ${logs.loss} then ${second.loss}`);
  assert.equal(tf.memory().numTensors, held, 'a step leaves no tensors behind');
  const noMetric = await new LocalTrainStep(compiledParts(dense('meanSquaredError', []))).run(inputs, targets);
  assert.deepEqual(Object.keys(noMetric), ['loss']);
});

test('StepKeys: a keyed step\'s dropout word follows from seed and step alone; unkeyed steps still differ', () => {
  const keys = new StepKeys();
  assert.equal(keys.word({ seed: 7, step: 3 }), stepWord(7, 3));
  assert.equal(new StepKeys().word({ seed: 7, step: 3 }), keys.word({ seed: 7, step: 3 }));
  const unkeyed = new StepKeys();
  const words = [unkeyed.word(undefined), unkeyed.word(undefined), unkeyed.word(undefined)];
  assert.equal(new Set(words).size, 3);
  assert.deepEqual(words, [stepWord(0, 0), stepWord(0, 1), stepWord(0, 2)]);
});
