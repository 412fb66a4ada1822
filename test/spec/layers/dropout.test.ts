import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { buildModel } from '../../../src/model/build.js';
import type { ModelSpec } from '../../../src/spec/schema.js';
import { hashWords } from '../../../src/util/counter-hash.js';
import { spatialTests } from '../../helpers/layer-case.js';
import { DROPOUT_KEY_KWARG, SeededDropout, fillDropoutMask, registerSeededDropout, stepWord, type DropoutKey } from '../../../src/spec/layers/dropout.js';

before(async () => {
  await initBackend('wasm');
});

spatialTests([['Dropout', { class_name: 'Dropout', config: { rate: 0.25 } }, [12, 12, 32], [12, 12, 32], 0]]);

function mask(rows: number, rowSize: number, key: DropoutKey, rate = 0.5, layer = 7): Float32Array {
  const out = new Float32Array(rows * rowSize);
  fillDropoutMask(out, rows, rowSize, layer, key, rate);
  return out;
}

const forward = (layer: tf.layers.Layer, x: tf.Tensor, kwargs: Record<string, unknown>): Float32Array =>
  tf.tidy(() => (layer.apply(x, kwargs) as tf.Tensor).dataSync() as Float32Array);

test('a mask is a function of (layer, step, row, element): the same key gives the same mask, another step or layer another', () => {
  const key = { step: stepWord(1, 0), row: 0 };
  assert.deepEqual(mask(4, 100, key), mask(4, 100, key));
  assert.notDeepEqual(mask(4, 100, key), mask(4, 100, { step: stepWord(1, 1), row: 0 }), 'the next step drops other units');
  assert.notDeepEqual(mask(4, 100, key), mask(4, 100, { step: stepWord(2, 0), row: 0 }), 'another run seed drops other units');
  assert.notDeepEqual(mask(4, 100, key), mask(4, 100, key, 0.5, 8), 'another layer drops other units');
  // Rows 2 and 3 drawn as a shard starting at row 2 are rows 2 and 3 of the whole batch.
  assert.deepEqual(mask(2, 100, { ...key, row: 2 }), mask(4, 100, key).subarray(200));
  const values = new Set(mask(4, 100, key, 0.2));
  assert.deepEqual([...values].sort(), [0, 1 / 0.8].sort(), 'kept units are scaled by 1 / (1 - rate)');
});

test('the dropped fraction matches the rate within 5 standard deviations, per step and over steps', () => {
  const n = 200_000;
  for (const rate of [0.1, 0.25, 0.5, 0.9]) {
    for (let step = 0; step < 3; step++) {
      const drawn = mask(1000, n / 1000, { step: stepWord(5, step), row: 0 }, rate);
      const dropped = drawn.reduce((count, v) => count + (v === 0 ? 1 : 0), 0) / n;
      const bound = 5 * Math.sqrt((rate * (1 - rate)) / n);
      assert.ok(Math.abs(dropped - rate) < bound, `rate ${rate}, step ${step}: dropped ${dropped.toFixed(4)} (bound ±${bound.toFixed(4)})`);
    }
  }
  // Two steps' masks agree on a unit about as often as independent draws would (p² + (1-p)²).
  const a = mask(100, 1000, { step: stepWord(5, 0), row: 0 }, 0.5);
  const b = mask(100, 1000, { step: stepWord(5, 1), row: 0 }, 0.5);
  const same = a.reduce((count, v, i) => count + (v === b[i] ? 1 : 0), 0) / a.length;
  assert.ok(Math.abs(same - 0.5) < 5 * Math.sqrt(0.25 / a.length), `steps agree on ${same.toFixed(4)} of units`);
});

test('the layer: identity in inference, the keyed mask in training, new masks without a key', () => {
  const layer = new SeededDropout({ rate: 0.5, seed: 11 });
  const x = tf.add(tf.ones([6, 40]), tf.range(0, 240).reshape([6, 40]));
  const input = x.dataSync() as Float32Array;
  assert.deepEqual(forward(layer, x, {}), input, 'no training flag: identity');
  assert.deepEqual(forward(layer, x, { training: false, [DROPOUT_KEY_KWARG]: { step: 1, row: 0 } }), input, 'inference: identity');
  const key = { step: stepWord(3, 4), row: 0 };
  const trained = forward(layer, x, { training: true, [DROPOUT_KEY_KWARG]: key });
  assert.deepEqual(forward(layer, x, { training: true, [DROPOUT_KEY_KWARG]: key }), trained, 'same seed and key: same mask');
  // A seeded layer's word is the hash of its seed.
  const expected = mask(6, 40, key, 0.5, hashWords(11));
  assert.deepEqual(trained, input.map((v, i) => v * expected[i]!));
  // A caller without a key (tfjs's own fit) still gets a new mask each step — tfjs's seeded Dropout reuses one.
  const first = forward(layer, x, { training: true });
  assert.notDeepEqual(forward(layer, x, { training: true }), first, 'unkeyed calls draw new masks');
  const stock = tf.layers.dropout({ rate: 0.5, seed: 11 });
  assert.deepEqual(forward(stock, x, { training: true }), forward(stock, x, { training: true }), "(tfjs's seeded Dropout repeats its mask: the bug this layer fixes)");
  // A shard of rows [2, 6) with its global offset draws those rows' part of the whole mask.
  const shard = forward(layer, tf.slice(x, 2, 4), { training: true, [DROPOUT_KEY_KWARG]: { ...key, row: 2 } });
  assert.deepEqual(shard, trained.subarray(2 * 40));
  tf.dispose([x]);
});

test('the gradient flows through the mask: d(sum(dropout(x)))/dx is the mask', () => {
  const layer = new SeededDropout({ rate: 0.3, seed: 2 });
  const key = { step: stepWord(1, 9), row: 0 };
  const x = tf.randomUniform([5, 30], 0.5, 1.5, 'float32', 1);
  const grad = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { training: true, [DROPOUT_KEY_KWARG]: key }) as tf.Tensor))(x);
  assert.deepEqual(grad.dataSync(), mask(5, 30, key, 0.3, hashWords(2)));
  tf.dispose([x, grad]);
});

test('on wasm the mask is hashed in one kernel, forward and backward, with what the JavaScript mask gives on cpu', async () => {
  const layer = new SeededDropout({ rate: 0.3, seed: 6 });
  const key = { step: stepWord(2, 5), row: 3 };
  const xData = Float32Array.from({ length: 4 * 7 * 5 }, (_, i) => Math.sin(i) * 3);
  const dyData = Float32Array.from(xData, (_, i) => Math.cos(i));
  const both = () => tf.tidy(() => {
    const f = (input: tf.Tensor) => layer.apply(input, { training: true, [DROPOUT_KEY_KWARG]: key }) as tf.Tensor;
    const x = tf.tensor(xData, [4, 7, 5]);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input), tf.tensor(dyData, [4, 7, 5]))));
    // The outputs and gradients (not the summed loss: wasm and cpu sum in other orders).
    return [Array.from((f(x).dataSync() as Float32Array)), Array.from(grad(x).dataSync() as Float32Array)];
  });
  const names = async () => (await tf.profile(() => { both(); })).kernels.map((k) => k.name);
  const onWasm = both();
  const wasmKernels = await names();
  assert.ok(wasmKernels.filter((name) => name === 'KerastsDropout').length >= 2, wasmKernels.join(', '));
  await tf.setBackend('cpu');
  try {
    assert.deepEqual(both(), onWasm);
    assert.ok(!(await names()).includes('KerastsDropout'));
  } finally {
    await tf.setBackend('wasm');
  }
});

test('a noise shape shares one mask along its fixed axes, wherever a shard starts', () => {
  const layer = new SeededDropout({ rate: 0.5, seed: 4, noiseShape: [1, 1, 8] });
  const x = tf.ones([4, 3, 8]);
  const key = { step: stepWord(1, 2), row: 0 };
  const whole = forward(layer, x, { training: true, [DROPOUT_KEY_KWARG]: key });
  const rowMask = whole.subarray(0, 8);
  for (let i = 0; i < 12; i++) assert.deepEqual(whole.subarray(i * 8, i * 8 + 8), rowMask);
  assert.deepEqual(forward(layer, tf.ones([2, 3, 8]), { training: true, [DROPOUT_KEY_KWARG]: { ...key, row: 2 } }), whole.subarray(0, 48));
  x.dispose();
});

test('saved as plain tfjs/Keras Dropout, and loaded back as SeededDropout once registered', async () => {
  const spec = { layers: [{ class_name: 'Dense', config: { units: 4 } }, { class_name: 'Dropout', config: { rate: 0.25 } }] } as unknown as ModelSpec;
  const seeded = buildModel(spec, { imageDimOrdering: 'tf', inputShape: [3], seed: 5 });
  const dropoutLayer = seeded.layers[1]!;
  assert.ok(dropoutLayer instanceof SeededDropout);
  const stock = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, name: seeded.layers[0]!.name }), tf.layers.dropout({ rate: 0.25, seed: 6, name: dropoutLayer.name })] });
  const topology = (model: tf.LayersModel) => JSON.stringify((model.toJSON(null, false) as { config: { layers: unknown[] } }).config.layers[1]);
  assert.equal(topology(seeded), topology(stock), 'the same class_name and config as tfjs writes');
  registerSeededDropout();
  registerSeededDropout();
  const loaded = await tf.models.modelFromJSON({ modelTopology: seeded.toJSON(null, false) } as Parameters<typeof tf.models.modelFromJSON>[0]);
  const layer = loaded.layers[1] as SeededDropout;
  assert.ok(layer instanceof SeededDropout, 'deserialized as SeededDropout');
  assert.equal(layer.seed, 6);
  assert.equal(layer.rate, 0.25);
  for (const model of [seeded, stock, loaded]) model.dispose();
});
