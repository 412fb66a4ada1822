import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { readFileSync } from 'node:fs';
import { initBackend } from '../../src/backend/select.js';
import { buildModel } from '../../src/model/build.js';
import { compileModel } from '../../src/model/compile.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';
import { oneHot } from '../../src/data/index.js';
import { CallbackList, ProgressLogger, TerminateOnNaN } from '../../src/train/callbacks/index.js';
import { fitLoop } from '../../src/train/fit-loop.js';
import { EpochProgress } from '../../src/train/progress.js';
import { compiledParts, LocalTrainStep } from '../../src/train/train-step.js';
import { syntheticImages } from '../helpers/synthetic-data.js';

before(async () => {
  await initBackend('wasm');
});

test('the classic mnist_cnn config with its Adadelta trains on wasm: the loss falls and no tensor leaks', async () => {
  const spec = parseSpec(JSON.parse(readFileSync('configs/mnist_cnn.json', 'utf8')), 'configs/mnist_cnn.json');
  const model = buildModel(spec.model as ModelSpec, { imageDimOrdering: 'tf', inputShape: [28, 28, 1], seed: 1 });
  compileModel(model, spec.compile);
  const { pixels, labels } = syntheticImages(256, 3);
  const train = { x: Float32Array.from(pixels, (p) => p / 255), y: oneHot(labels, 10), count: 256, inputShape: [28, 28, 1], targetShape: [10] };
  const parts = compiledParts(model);
  const step = new LocalTrainStep(parts);
  const callbacks = new CallbackList([new TerminateOnNaN(), new ProgressLogger(new EpochProgress({ quiet: true }))]);
  const first = await fitLoop(parts, step, train, { epochs: 1, initialEpoch: 0, batchSize: 64, shuffle: true, seed: 1, callbacks });
  const tensors = tf.memory().numTensors;
  const later = await fitLoop(parts, step, train, { epochs: 4, initialEpoch: 1, batchSize: 64, shuffle: true, seed: 1, callbacks });
  assert.equal(tf.memory().numTensors, tensors, 'no tensors leak across epochs');
  assert.deepEqual(later.history.map((record) => record.epoch), [2, 3, 4]);
  const losses = [first.history[0].logs.loss, ...later.history.map((record) => record.logs.loss)];
  assert.ok(losses[3] < losses[0] * 0.9, `loss falls: ${losses.map((loss) => loss.toFixed(3)).join(' -> ')}`);
  model.dispose();
});

test('a NaN loss stops training and says where', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError', metrics: ['accuracy'] });
  // The third sample is corrupt (NaN pixels): the second batch's loss is NaN.
  const train = { x: Float32Array.from([1, 2, 3, 4, NaN, NaN, 7, 8]), y: Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]), count: 4, inputShape: [2], targetShape: [2] };
  const parts = compiledParts(model);
  const nan = new TerminateOnNaN();
  const result = await fitLoop(parts, new LocalTrainStep(parts), train, {
    epochs: 5, initialEpoch: 0, batchSize: 2, shuffle: false, seed: 1, callbacks: new CallbackList([nan, new ProgressLogger(new EpochProgress({ quiet: true }))]),
  });
  assert.equal(result.stopReason, 'nan');
  assert.deepEqual(nan.nanAt, { epoch: 1, batch: 2 });
  assert.deepEqual(result.history, [], 'the epoch with the NaN is not recorded');
  model.dispose();
});

test('the loop only calls the callbacks: a stop at an epoch\'s end ends the fit after it; a stop during a batch abandons the epoch', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError', metrics: ['accuracy'] });
  const train = { x: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), y: Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]), count: 4, inputShape: [2], targetShape: [2] };
  const parts = compiledParts(model);
  const calls: string[] = [];
  const options = { epochs: 5, initialEpoch: 1, previousHistory: [{ epoch: 1, logs: { loss: 1 }, seconds: 1 }], batchSize: 2, shuffle: false, seed: 1 };
  const atEnd = await fitLoop(parts, new LocalTrainStep(parts), train, {
    ...options,
    callbacks: new CallbackList([
      {
        name: 'spy',
        onTrainBegin: (loop) => void calls.push(`begin ${loop.initialEpoch} ${loop.steps} ${loop.samples}`),
        onEpochBegin: (epoch) => void calls.push(`epoch ${epoch}`),
        onBatchEnd: (batch) => void calls.push(`batch ${batch.batch} seen ${batch.seen}`),
        onEpochEnd: (record, loop) => {
          calls.push(`end ${record.epoch} ${Object.keys(record.logs).join(',')} history ${loop.history.length}`);
          if (record.epoch === 3) loop.stop('early_stopping');
        },
        onTrainEnd: (loop) => void calls.push(`train end ${loop.stopTraining}`),
      },
    ]),
  });
  assert.deepEqual(calls, ['begin 1 2 4', 'epoch 2', 'batch 1 seen 2', 'batch 2 seen 4', 'end 2 loss,acc history 2', 'epoch 3', 'batch 1 seen 2', 'batch 2 seen 4', 'end 3 loss,acc history 3', 'train end true']);
  assert.equal(atEnd.stopReason, 'early_stopping');
  assert.deepEqual(atEnd.history.map((record) => record.epoch), [1, 2, 3]);

  const midEpoch = await fitLoop(parts, new LocalTrainStep(parts), train, {
    ...options,
    callbacks: new CallbackList([{ name: 'stop', onBatchEnd: (batch, loop) => (batch.epoch === 3 ? loop.stop('interrupted') : undefined) }]),
  });
  assert.equal(midEpoch.stopReason, 'interrupted');
  assert.deepEqual(midEpoch.history.map((record) => record.epoch), [1, 2], 'the interrupted epoch 3 is not recorded');
  model.dispose();
});

test('with Dropout, a run resumed after epoch 1 in fresh objects draws the masks of an uninterrupted run: identical weights', async () => {
  const spec: ModelSpec = {
    layers: [
      { class_name: 'Dense', config: { units: 16, activation: 'relu' } },
      { class_name: 'Dropout', config: { rate: 0.5 } },
      { class_name: 'Dense', config: { units: 3, activation: 'softmax' } },
    ],
  } as ModelSpec;
  const count = 64;
  const x = Float32Array.from({ length: count * 8 }, (_, i) => ((i * 37) % 101) / 101);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  const train = { x, y: oneHot(labels, 3), count, inputShape: [8], targetShape: [3] };
  const initial = buildModel(spec, { imageDimOrdering: 'tf', inputShape: [8], seed: 3 }).getWeights().map((w) => w.clone());
  const fresh = () => {
    const model = buildModel(spec, { imageDimOrdering: 'tf', inputShape: [8], seed: 3 });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  };
  const options = { batchSize: 16, shuffle: true, seed: 3, callbacks: new CallbackList([]) };
  const fit = async (model: tf.LayersModel, initialEpoch: number, epochs: number) => {
    const parts = compiledParts(model);
    return fitLoop(parts, new LocalTrainStep(parts), train, { ...options, initialEpoch, epochs });
  };
  const straight = fresh();
  straight.setWeights(initial);
  const whole = await fit(straight, 0, 3);

  const interrupted = fresh();
  interrupted.setWeights(initial);
  await fit(interrupted, 0, 1);
  const resumed = fresh();
  resumed.setWeights(interrupted.getWeights());
  const rest = await fit(resumed, 1, 3);
  assert.deepEqual(rest.history.map((r) => r.logs.loss), whole.history.slice(1).map((r) => r.logs.loss), 'epochs 2 and 3 have the same losses');
  resumed.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), straight.getWeights()[i]!.dataSync(), `weight ${i}`));

  // Masks counted by a hidden counter instead (a step given no key) would restart with the
  // process: the resumed epochs replay epoch 1's masks and the weights end elsewhere.
  const counted = fresh();
  counted.setWeights(interrupted.getWeights());
  const parts = compiledParts(counted);
  const local = new LocalTrainStep(parts);
  const unkeyed = { threads: 1, run: (bx: tf.Tensor, by: tf.Tensor) => local.run(bx, by), dispose: () => {} };
  await fitLoop(parts, unkeyed, train, { ...options, initialEpoch: 1, epochs: 3 });
  assert.notDeepEqual(counted.getWeights()[0]!.dataSync(), straight.getWeights()[0]!.dataSync(), 'the masks matter');
  tf.dispose(initial);
  for (const model of [straight, interrupted, resumed, counted]) model.dispose();
});
