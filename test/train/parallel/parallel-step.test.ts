import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { assertClose, useWasm, values } from '../../backend/compare.js';
import { SeededDropout } from '../../../src/spec/layers/dropout.js';
import { ParallelTrainStep } from '../../../src/train/parallel/parallel-step.js';
import { createTrainStep } from '../../../src/train/step-factory.js';
import { LocalTrainStep, compiledParts, type TrainStep } from '../../../src/train/train-step.js';

/** A small classic CNN, with kerasts's Dropout layers when `dropout`. */
function smallCnn(batchNorm = false, dropout = false): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'glorotUniform' }));
  if (batchNorm) m.add(tf.layers.batchNormalization({ momentum: 0.5 }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  if (dropout) m.add(new SeededDropout({ rate: 0.25, seed: 1 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  if (dropout) m.add(new SeededDropout({ rate: 0.5, seed: 2 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/** The same initial weights for every run, drawn once on cpu. */
async function initialWeights(batchNorm: boolean): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  // Dropout has no weights, so these fit the model with Dropout too.
  const model = smallCnn(batchNorm);
  const weights = await Promise.all(model.getWeights().map(async (w) => new Float32Array(await w.data())));
  model.dispose();
  return weights;
}

function compiledModel(initial: Float32Array[], batchNorm: boolean, dropout = false): tf.Sequential {
  const model = smallCnn(batchNorm, dropout);
  model.setWeights(initial.map((data, i) => tf.tensor(data, model.getWeights()[i]!.shape)));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function batch(rows: number, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tensor4d(values(rows * 144, seed).map((v) => (v + 1) / 2), [rows, 12, 12, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 7 + seed) % 10), 'int32'), 10);
  return { x, y };
}

/**
 * Runs `steps` steps (batches of 16, 16, then 7 rows: uneven shards) and returns the weights
 * and losses; with `seed`, step i is keyed { seed, step: i } as the fit loop keys it.
 */
async function train(step: TrainStep, model: tf.LayersModel, steps: number, seed?: number): Promise<{ weights: Float32Array[]; losses: number[] }> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const { x, y } = batch(i === steps - 1 ? 7 : 16, i + 1);
    losses.push((await step.run(x, y, seed === undefined ? undefined : { seed, step: i })).loss);
    tf.dispose([x, y]);
  }
  const weights = await Promise.all(model.getWeights().map(async (w) => new Float32Array(await w.data())));
  return { weights, losses };
}

async function localRun(backend: 'cpu' | 'wasm', initial: Float32Array[], steps: number, batchNorm = false) {
  if (backend === 'wasm') await useWasm();
  else await tf.setBackend('cpu');
  const model = compiledModel(initial, batchNorm);
  const result = await train(new LocalTrainStep(compiledParts(model)), model, steps);
  model.dispose();
  return result;
}

test('2 and 3 gradient threads give the weights of the local step (wasm and cpu), and replicas stay identical', async () => {
  const initial = await initialWeights(false);
  const steps = 4;
  const cpu = await localRun('cpu', initial, steps);
  const wasm = await localRun('wasm', initial, steps);
  assert.ok(cpu.weights.some((w, i) => w.some((v, j) => v !== initial[i]![j])), 'training moved the weights');
  cpu.weights.forEach((w, i) => assertClose(wasm.weights[i]!, w, `wasm local weight ${i}`, 1e-3, 1e-4));

  for (const workers of [2, 3]) {
    await useWasm();
    const model = compiledModel(initial, false);
    const step = await createTrainStep(compiledParts(model), { workers, backend: 'wasm' });
    try {
      assert.ok(step instanceof ParallelTrainStep, 'wasm with workers > 1 trains in parallel');
      assert.equal((step as ParallelTrainStep).workerThreads, workers - 1);
      const parallel = await train(step, model, steps);
      parallel.weights.forEach((w, i) => assertClose(w, wasm.weights[i]!, `${workers} threads, weight ${i}`, 1e-3, 1e-4));
      parallel.weights.forEach((w, i) => assertClose(w, cpu.weights[i]!, `${workers} threads vs cpu, weight ${i}`, 1e-3, 1e-4));
      parallel.losses.forEach((loss, i) => assert.ok(Math.abs(loss - wasm.losses[i]!) < 1e-4, `loss of step ${i}: ${loss} vs ${wasm.losses[i]}`));
      // Bit for bit: each replica computed the next step with the main model's weights.
      const { x, y } = batch(16, 9);
      await step.run(x, y);
      for (let r = 1; r < workers; r++) {
        const replica: Float32Array[] = await (step as ParallelTrainStep).replicaWeights(r);
        assert.equal(replica.length, parallel.weights.length);
        replica.forEach((w, i) => assert.deepEqual(w, parallel.weights[i], `replica ${r}, weight ${i}`));
      }
      // Tensor count is stable from one step to the next (nothing leaks per step).
      const before = tf.memory().numTensors;
      await step.run(x, y);
      await step.run(x, y);
      assert.equal(tf.memory().numTensors, before, 'no tensors leak per step');
      tf.dispose([x, y]);
    } finally {
      step.dispose();
      model.dispose();
    }
  }
});

test('with Dropout, 1, 2 and 3 threads draw the same masks for the same rows: same losses and weights', async () => {
  const initial = await initialWeights(false);
  const steps = 3;
  const run = async (workers: number, seed: number) => {
    await useWasm();
    const model = compiledModel(initial, false, true);
    const step = await createTrainStep(compiledParts(model), { workers, backend: 'wasm' });
    try {
      assert.equal(step.threads, workers);
      return await train(step, model, steps, seed);
    } finally {
      step.dispose();
      model.dispose();
    }
  };
  const one = await run(1, 7);
  const other = await run(1, 8);
  assert.ok(one.losses.some((loss, i) => Math.abs(loss - other.losses[i]!) > 1e-3), `the masks matter: seed 7 losses ${one.losses} vs seed 8 ${other.losses}`);
  for (const workers of [2, 3]) {
    const parallel = await run(workers, 7);
    parallel.losses.forEach((loss, i) => assert.ok(Math.abs(loss - one.losses[i]!) < 1e-4, `${workers} threads, loss of step ${i}: ${loss} vs ${one.losses[i]}`));
    parallel.weights.forEach((w, i) => assertClose(w, one.weights[i]!, `${workers} threads with Dropout, weight ${i}`, 1e-3, 1e-4));
  }
});

test('the cpu backend trains in parallel too, and matches its local step', async () => {
  const initial = await initialWeights(false);
  const cpu = await localRun('cpu', initial, 2);
  await tf.setBackend('cpu');
  const model = compiledModel(initial, false);
  const step = await createTrainStep(compiledParts(model), { workers: 2, backend: 'cpu' });
  try {
    assert.ok(step instanceof ParallelTrainStep);
    const parallel = await train(step, model, 2);
    parallel.weights.forEach((w, i) => assertClose(w, cpu.weights[i]!, `cpu parallel weight ${i}`, 1e-3, 1e-4));
  } finally {
    step.dispose();
    model.dispose();
  }
});

test('BatchNormalization moving statistics are the shard-weighted mean of the replicas', async () => {
  const initial = await initialWeights(true);
  // One step on even shards: the moving mean of the shard means is that of the whole batch.
  await useWasm();
  const localModel = compiledModel(initial, true);
  const { x, y } = batch(16, 1);
  await new LocalTrainStep(compiledParts(localModel)).run(x, y);
  const model = compiledModel(initial, true);
  const step = await createTrainStep(compiledParts(model), { workers: 2, backend: 'wasm' });
  try {
    await step.run(x, y);
    const movingMean = (m: tf.LayersModel) => m.nonTrainableWeights.find((w) => w.name.includes('moving_mean'))!.read().dataSync() as Float32Array;
    assert.notDeepEqual(movingMean(model), new Float32Array(4), 'the moving mean moved');
    assertClose(movingMean(model), movingMean(localModel), 'moving mean', 1e-4, 1e-5);
    // The next step starts from the main model's weights on the replica too (its moving
    // statistics then move with its own shard, so only the trainable weights are compared).
    const published = model.getWeights().map((w) => w.dataSync() as Float32Array);
    await step.run(x, y);
    const replica = await (step as ParallelTrainStep).replicaWeights(1);
    model.weights.forEach((w, i) => {
      if (w.trainable) assert.deepEqual(replica[i], published[i], `replica weight ${i}`);
    });
    // The step's time breakdown (read by the bench) covers every part, none negative.
    const timings = (step as ParallelTrainStep).lastTimings!;
    assert.deepEqual(Object.keys(timings).sort(), ['combineAndApply', 'ownShard', 'publish', 'wait', 'workerLoad', 'workerShard', 'workerWrite']);
    for (const [part, ms] of Object.entries(timings)) assert.ok(Number.isFinite(ms) && ms >= 0, `${part}: ${ms}`);
    assert.ok(timings.workerShard > 0, 'the worker reported its shard time');
  } finally {
    step.dispose();
    tf.dispose([x, y]);
    model.dispose();
    localModel.dispose();
  }
});

test('a worker that dies fails the step with one line instead of hanging', async () => {
  await useWasm();
  const model = compiledModel(await initialWeights(false), false);
  const step = (await createTrainStep(compiledParts(model), { workers: 2, backend: 'wasm' })) as ParallelTrainStep;
  const { x, y } = batch(16, 1);
  try {
    await step.run(x, y);
    // Reach into the step to kill its worker as a crash would.
    const handles = (step as unknown as { handles: Array<{ worker: { terminate(): Promise<number> } }> }).handles;
    await handles[0]!.worker.terminate();
    await assert.rejects(step.run(x, y), /gradient worker 1 failed: it exited unexpectedly/);
  } finally {
    step.dispose();
    tf.dispose([x, y]);
    model.dispose();
  }
});

test('a process that disposes its parallel step exits (no worker keeps it alive)', () => {
  const root = resolve(import.meta.dirname, '../../..');
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { initBackend } from './src/backend/select.js';
    import { createTrainStep } from './src/train/step-factory.js';
    import { compiledParts } from './src/train/train-step.js';
    await initBackend('wasm');
    const m = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const step = await createTrainStep(compiledParts(m), { workers: 2, backend: 'wasm' });
    const logs = await step.run(tf.ones([6, 4, 4, 1]), tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3));
    step.dispose();
    console.log(step.constructor.name, Number.isFinite(logs.loss));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.signal, null, `the process exited by itself (stderr: ${result.stderr})`);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'ParallelTrainStep true');
});
