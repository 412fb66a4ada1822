import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { winogradBandRows, winogradFilter, winogradFilterGradient, winogradFits, winogradInputSize, winogradTile } from '../../../src/backend/wasm/winograd.js';
import { assertClose, onBoth, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

interface Case {
  name: string;
  x: [number, number, number, number];
  cout: number;
  pad: 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
  bias?: boolean;
  activation?: 'linear' | 'relu';
}

// Every case has channel counts that are multiples of 4, so Conv2D takes the Winograd kernel.
const CASES: Case[] = [
  { name: 'valid, even output, 16 + 4 out channels', x: [2, 8, 10, 4], cout: 20, pad: 'valid' },
  { name: 'valid, odd output height and width', x: [2, 7, 9, 8], cout: 16, pad: 'valid' },
  { name: "'same', batch 1, 4 out channels, bias and ReLU", x: [1, 5, 6, 12], cout: 4, pad: 'same', bias: true, activation: 'relu' },
  { name: "'same', 36 out channels (two blocks of 16, one of 4), bias", x: [3, 6, 5, 4], cout: 36, pad: 'same', bias: true },
  { name: 'one output pixel', x: [2, 3, 3, 4], cout: 8, pad: 'valid', activation: 'relu' },
  { name: 'asymmetric explicit padding', x: [2, 6, 5, 8], cout: 12, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  // Larger than one band of tile rows (see BAND_BYTES): the bands must meet exactly.
  { name: 'several bands of tile rows, MNIST conv2 size', x: [2, 26, 26, 32], cout: 32, pad: 'valid', bias: true, activation: 'relu' },
];

// Outputs of at least 4x4 take F(4x4, 3x3) unless KERASTS_WINOGRAD=2 asks for F(2x2, 3x3): both are run.
for (const variant of VARIANTS) for (const tile of ['4', '2']) {
  for (const c of CASES) {
    test(`Winograd conv2d matches cpu (${variant} SIMD, F(${tile}x${tile}, 3x3) where it fits): ${c.name}`, async () => {
      onVariant(variant);
      process.env.KERASTS_WINOGRAD = tile;
      const wShape: [number, number, number, number] = [3, 3, c.x[3], c.cout];
      const xData = values(tf.util.sizeFromShape(c.x), 31);
      const wData = values(tf.util.sizeFromShape(wShape), 32);
      const bData = values(c.cout, 33);
      const { cpu, wasm } = await onBoth(() => tf.fused.conv2d({
        x: tf.tensor4d(xData, c.x),
        filter: tf.tensor4d(wData, wShape),
        strides: 1,
        pad: c.pad,
        bias: c.bias ? tf.tensor1d(bData) : undefined,
        activation: c.activation ?? 'linear',
      }));
      delete process.env.KERASTS_WINOGRAD;
      assertClose(wasm[0]!, cpu[0]!, c.name);
    });
  }
}

test('Winograd takes stride-1 3x3 filters with channel counts multiples of 4, and nothing else', () => {
  assert.equal(winogradFits(3, 3, 1, 1, 32, 64), true);
  assert.equal(winogradFits(3, 3, 2, 1, 32, 64), false);
  assert.equal(winogradFits(3, 3, 1, 2, 32, 64), false);
  assert.equal(winogradFits(5, 5, 1, 1, 32, 64), false);
  assert.equal(winogradFits(3, 2, 1, 1, 32, 64), false);
  assert.equal(winogradFits(3, 3, 1, 1, 1, 32), false);
  assert.equal(winogradFits(3, 3, 1, 1, 32, 10), false);
  assert.equal(winogradFits(3, 3, 1, 1, 0, 0), false);
});

test('the input Winograd reads covers whole tiles: 2x2 (one more row for an odd output size) or 4x4', () => {
  assert.equal(winogradInputSize(24), 26);
  assert.equal(winogradInputSize(25), 28);
  assert.equal(winogradInputSize(1), 4);
  assert.equal(winogradInputSize(24, 4), 26);
  assert.equal(winogradInputSize(26, 4), 30);
});

test('the F(4x4, 3x3) filter transform of a filter of ones is G·1·1ᵀ·Gᵀ', async () => {
  // G·(1,1,1) for F(4x4, 3x3)'s G.
  const rowSums = [1 / 4, -1 / 2, -1 / 6, 7 / 24, 1 / 8, 1];
  const expected = Float32Array.from({ length: 36 * 4 * 4 }, (_, i) => {
    const k = Math.floor(i / 16);
    return rowSums[Math.floor(k / 6)]! * rowSums[k % 6]!;
  });
  const { cpu, wasm } = await onBoth(() => winogradFilter(tf.ones([3, 3, 4, 4]) as tf.Tensor4D, 4));
  assertClose(cpu[0]!, expected, 'cpu');
  assertClose(wasm[0]!, expected, 'wasm');
});

test('the filter transform is G g Gᵀ: a filter of ones gives G·1·1ᵀ·Gᵀ', async () => {
  // G·(1,1,1) = (1, 1.5, 0.5, 1), so U[a*4 + b] = g_a * g_b for every channel pair.
  const rowSums = [1, 1.5, 0.5, 1];
  const expected = Float32Array.from({ length: 16 * 4 * 8 }, (_, i) => {
    const k = Math.floor(i / 32);
    return rowSums[Math.floor(k / 4)]! * rowSums[k % 4]!;
  });
  const { cpu, wasm } = await onBoth(() => winogradFilter(tf.ones([3, 3, 4, 8]) as tf.Tensor4D));
  assertClose(cpu[0]!, expected, 'cpu');
  assertClose(wasm[0]!, expected, 'wasm');
});

test('the filter gradient transform is Gᵀ dU G, the transpose of the filter transform', async () => {
  // <G g Gᵀ, dU> = <g, Gᵀ dU G> for any g and dU: checked on one pair of random tensors.
  const g = values(9 * 4 * 4, 51);
  const du = values(16 * 4 * 4, 52);
  const { cpu, wasm } = await onBoth(() => {
    const forward = tf.sum(tf.mul(winogradFilter(tf.tensor4d(g, [3, 3, 4, 4])), tf.tensor3d(du, [16, 4, 4])));
    const backward = tf.sum(tf.mul(tf.tensor4d(g, [3, 3, 4, 4]), winogradFilterGradient(tf.tensor3d(du, [16, 4, 4]))));
    return [forward, backward];
  });
  for (const [forward, backward] of [cpu, wasm]) assertClose(backward!, forward!, 'Gᵀ dU G');
  assert.ok(Math.abs(cpu[0]![0]!) > 0.1, 'a test of a non-trivial sum');
});

test('a band holds as many tile rows as fit in its scratch budget, at least one and at most all', () => {
  // MNIST conv2: 12 tiles a row, 32 channels: 24 KiB a row of tiles, 4 in 96 KiB.
  assert.equal(winogradBandRows(24, 24, 32, 32), 4);
  assert.equal(winogradBandRows(2, 24, 32, 32), 1);
  assert.equal(winogradBandRows(24, 24, 4096, 32), 1);
  assert.equal(winogradBandRows(24, 24, 4, 4), 12);
  // F(4x4, 3x3): 6 tiles a row of 36 positions.
  assert.equal(winogradBandRows(24, 24, 32, 32, 4), 3);
});

test('4x4 tiles for outputs of at least 4x4, else 2x2; KERASTS_WINOGRAD=2 asks for 2x2', () => {
  assert.equal(winogradTile(24, 24), 4);
  assert.equal(winogradTile(4, 5), 4);
  assert.equal(winogradTile(3, 24), 2);
  assert.equal(winogradTile(24, 1), 2);
  process.env.KERASTS_WINOGRAD = '2';
  try {
    assert.equal(winogradTile(24, 24), 2);
  } finally {
    delete process.env.KERASTS_WINOGRAD;
  }
});
