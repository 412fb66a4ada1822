import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKerastsKernel, registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../src/backend/wasm/register.js';
import { ADADELTA_UPDATE_KERNEL, WEIGHTED_SUM_KERNEL } from '../../src/backend/kernel-names.js';
import { KerasAdadelta } from '../../src/model/keras-adadelta.js';
import { weightedSum } from '../../src/train/parallel/weighted-sum.js';
import { relaxedSimdSupported, useSimdVariant, type SimdVariant } from '../../src/backend/wasm/simd/module.js';
import { assertClose, onBoth, useWasm, values } from './compare.js';

/**
 * The convolution kernels are tested in both builds. The relaxed one fuses each multiply-add
 * (one rounding instead of two), so it is held to the same float32 tolerance against cpu as
 * the plain one: |wasm - cpu| <= 1e-4 + 1e-4 * |cpu| (assertClose's default).
 */
const VARIANTS: SimdVariant[] = ['plain', 'relaxed'];

/** Runs the registered kernels on `variant`; the relaxed build must be available (scripts/run-tests.mjs enables it on Node 20). */
function onVariant(variant: SimdVariant): void {
  if (variant === 'relaxed') assert.ok(relaxedSimdSupported(), 'this runtime does not validate relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd; run via scripts/run-tests.mjs)');
  useSimdVariant(variant);
}

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

const convCases: Array<{ name: string; x: [number, number, number, number]; k: [number, number]; cout: number; stride: 1 | 2; pad: Pad }> = [
  { name: 'valid, stride 1, one channel', x: [2, 7, 6, 1], k: [3, 3], cout: 4, stride: 1, pad: 'valid' },
  { name: 'valid, stride 1, many channels', x: [2, 7, 6, 5], k: [3, 3], cout: 3, stride: 1, pad: 'valid' },
  { name: 'same, stride 1, many channels', x: [2, 6, 7, 6], k: [3, 3], cout: 2, stride: 1, pad: 'same' },
  { name: 'same, stride 2, many channels', x: [2, 7, 8, 9], k: [3, 3], cout: 3, stride: 2, pad: 'same' },
  { name: 'valid, stride 2, one channel, 2x3 kernel', x: [3, 8, 7, 1], k: [2, 3], cout: 2, stride: 2, pad: 'valid' },
  { name: 'asymmetric explicit padding, stride 1', x: [2, 6, 5, 8], k: [3, 3], cout: 2, stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: 'asymmetric explicit padding, stride 2', x: [2, 7, 6, 3], k: [3, 2], cout: 5, stride: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: 'numeric padding 1, stride 2, one out channel', x: [1, 5, 5, 10], k: [3, 3], cout: 1, stride: 2, pad: 1 },
  // The filter-gradient kernel takes output channels 16, then 4, then 1 at a time.
  { name: 'valid, stride 1, 32 out channels', x: [2, 7, 6, 4], k: [3, 3], cout: 32, stride: 1, pad: 'valid' },
  { name: 'same, stride 2, 21 out channels, odd kernel rows', x: [2, 7, 8, 3], k: [3, 3], cout: 21, stride: 2, pad: 'same' },
  { name: 'same, stride 1, one channel, 8 out channels', x: [2, 6, 6, 1], k: [2, 2], cout: 8, stride: 1, pad: 'same' },
];

test('registers the training kernels for wasm, idempotently', async () => {
  await useWasm();
  for (const name of WASM_TRAINING_KERNELS) assert.ok(isKerastsKernel(name), `${name} registered`);
  const before = WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
  // A second registration must not wrap our wrappers (BatchMatMul and Sum delegate to the stock kernels).
  registerWasmTrainingKernels();
  assert.deepEqual(WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc), before);
});

for (const [variant, c] of VARIANTS.flatMap((v) => convCases.map((k) => [v, k] as const))) {
  test(`conv2d gradients match cpu (${variant} SIMD): ${c.name}`, async () => {
    onVariant(variant);
    const [, , , cin] = c.x;
    const wShape: [number, number, number, number] = [c.k[0], c.k[1], cin, c.cout];
    const xData = values(tf.util.sizeFromShape(c.x), 1);
    const wData = values(tf.util.sizeFromShape(wShape), 2);
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xData, c.x);
      const w = tf.tensor4d(wData, wShape);
      const y = tf.conv2d(x, w, c.stride, c.pad as 'valid', 'NHWC', 1, c.pad === 1 ? 'floor' : undefined);
      const r = tf.tensor(values(y.size, 3), y.shape);
      // The loss weights each output differently, so a transposed/misplaced gradient shows.
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad as 'valid', 'NHWC', 1, c.pad === 1 ? 'floor' : undefined), r)));
      return [y, ...grads([x, w])];
    });
    assertClose(wasm[0]!, cpu[0]!, 'y');
    assertClose(wasm[1]!, cpu[1]!, 'dx (Conv2DBackpropInput)');
    assertClose(wasm[2]!, cpu[2]!, 'dW (Conv2DBackpropFilter)');
  });
}

for (const variant of VARIANTS) test(`fused conv2d (bias, ReLU or linear; and what falls back to the stock kernel) matches cpu (${variant} SIMD)`, async () => {
  onVariant(variant);
  const fusedCases: Array<{ x: [number, number, number, number]; cout: number; stride: 1 | 2; pad: 'valid' | 'same' | number; activation: 'linear' | 'relu' | 'elu'; bias: boolean; rounding?: 'ceil' }> = [
    // Rounding the output size up: the last window overhangs the input by one row and column.
    { x: [1, 6, 6, 2], cout: 4, stride: 2, pad: 0, activation: 'linear', bias: true, rounding: 'ceil' },
    { x: [2, 7, 6, 5], cout: 21, stride: 1, pad: 'valid', activation: 'linear', bias: true },
    { x: [2, 8, 7, 3], cout: 16, stride: 2, pad: 'same', activation: 'relu', bias: true },
    { x: [1, 6, 6, 1], cout: 8, stride: 1, pad: 'same', activation: 'relu', bias: false },
    { x: [1, 6, 5, 2], cout: 4, stride: 1, pad: 'valid', activation: 'elu', bias: true },
  ];
  for (const c of fusedCases) {
    const wShape: [number, number, number, number] = [3, 3, c.x[3], c.cout];
    const xData = values(tf.util.sizeFromShape(c.x), 18);
    const wData = values(tf.util.sizeFromShape(wShape), 19);
    const bData = values(c.cout, 20);
    const { cpu, wasm } = await onBoth(() => tf.fused.conv2d({
      x: tf.tensor4d(xData, c.x),
      filter: tf.tensor4d(wData, wShape),
      strides: c.stride,
      pad: c.pad,
      bias: c.bias ? tf.tensor1d(bData) : undefined,
      activation: c.activation,
      dimRoundingMode: c.rounding,
    }));
    assertClose(wasm[0]!, cpu[0]!, `fused conv2d ${JSON.stringify(c)}`);
  }
});

const poolCases: Array<{ name: string; x: [number, number, number, number]; size: number; stride: number; pad: 'valid' | 'same' }> = [
  { name: '2x2 stride 2 valid (fast path)', x: [2, 6, 6, 3], size: 2, stride: 2, pad: 'valid' },
  { name: '2x2 stride 2 valid, odd size', x: [2, 7, 5, 2], size: 2, stride: 2, pad: 'valid' },
  // Channels four at a time, then the rest one at a time.
  { name: '2x2 stride 2 valid, 6 channels', x: [2, 6, 4, 6], size: 2, stride: 2, pad: 'valid' },
  { name: '2x2 stride 2 valid, odd size, 8 channels', x: [2, 7, 5, 8], size: 2, stride: 2, pad: 'valid' },
  { name: '3x3 stride 2 same', x: [2, 7, 6, 3], size: 3, stride: 2, pad: 'same' },
  { name: '2x2 stride 1 valid (overlapping)', x: [1, 5, 5, 4], size: 2, stride: 1, pad: 'valid' },
];

for (const c of poolCases) {
  test(`max-pool gradient matches cpu with ties: ${c.name}`, async () => {
    const xData = values(tf.util.sizeFromShape(c.x), 4, 3); // values 0, 1, 2: many ties
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xData, c.x);
      const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.stride, c.pad);
      const y = f(x);
      const r = tf.tensor(values(y.size, 5), y.shape);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), r)))(x);
    });
    assertClose(wasm[0]!, cpu[0]!, 'dx (MaxPoolGrad)');
    // Ties: each window's gradient goes to exactly one input, as on cpu.
    assert.equal(wasm[0]!.filter((v) => v !== 0).length, cpu[0]!.filter((v) => v !== 0).length);
  });
}

test('matMul with every transpose combination, 2-D and batched, matches cpu', async () => {
  // [m, n]: fewer result rows than columns takes the swapped product (Cᵀ = op(B)ᵀ·op(A)ᵀ), more does not.
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const [batch, [m, n]] of [[[], [4, 6]], [[3], [4, 6]], [[], [6, 4]], [[3], [6, 4]]] as const) {
      const aShape = [...batch, ...(ta ? [5, m] : [m, 5])];
      const bShape = [...batch, ...(tb ? [n, 5] : [5, n])];
      const a = values(tf.util.sizeFromShape(aShape), 6);
      const b = values(tf.util.sizeFromShape(bShape), 7);
      const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
      assertClose(wasm[0]!, cpu[0]!, `matMul ta=${ta} tb=${tb} batch=${batch.length} m=${m} n=${n}`);
    }
  }
});

test('sum over leading axes (bias gradients) and other axes matches cpu', async () => {
  // Kept sizes 3, 8, 90 and 40: the leading-axes kernel adds four columns at a time, then one.
  for (const shape of [[4, 5, 6, 3], [3, 4, 5, 8]]) {
    const data = values(tf.util.sizeFromShape(shape), 8);
    const cases: Array<[number[], boolean]> = [[[0, 1, 2], false], [[0, 1, 2], true], [[0], false], [[1, 2], false], [[0, 1, 2, 3], false], [[3], true]];
    for (const [axes, keepDims] of cases) {
      const { cpu, wasm } = await onBoth(() => tf.sum(tf.tensor(data, shape), axes, keepDims));
      assertClose(wasm[0]!, cpu[0]!, `sum of ${shape} over axes=${axes} keepDims=${keepDims}`);
      const expectedShape = shape.flatMap((size, axis) => (axes.includes(axis) ? (keepDims ? [1] : []) : [size]));
      assert.deepEqual(tf.tidy(() => tf.sum(tf.tensor(data, shape), axes, keepDims).shape), expectedShape);
    }
  }
});

test('kernels leak no tensors', async () => {
  await useWasm();
  const x = tf.tensor4d(values(2 * 9 * 9 * 4, 9), [2, 9, 9, 4]);
  const w = tf.tensor4d(values(3 * 3 * 4 * 5, 10), [3, 3, 4, 5]);
  const step = () => tf.tidy(() => {
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.maxPool(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), 2, 2, 'valid')))([x, w]);
    return tf.add(tf.sum(g[0]!), tf.sum(tf.matMul(tf.reshape(g[1]!, [36, 5]), tf.reshape(g[1]!, [36, 5]), true, false)));
  });
  step().dispose();
  const before = tf.memory().numTensors;
  const bytes = tf.memory().numBytes;
  for (let i = 0; i < 3; i++) step().dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.equal(tf.memory().numBytes, bytes);
  tf.dispose([x, w]);
});

test('Identity shares data: a clone outlives its source, and the buffer goes with the last', async () => {
  await useWasm();
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor2d(values(12, 11), [3, 4]);
  const copy = tf.clone(x);
  assert.equal(tf.memory().numDataBuffers, before + 1, 'the clone adds no buffer');
  const expected = Array.from(x.dataSync());
  x.dispose();
  assert.deepEqual(Array.from(copy.dataSync()), expected);
  copy.dispose();
  assert.equal(tf.memory().numDataBuffers, before);
  assert.deepEqual(Array.from(tf.clone(tf.tensor1d(['a', 'b'], 'string')).dataSync()), ['a', 'b']);
});

test('the fused KerasAdadelta update on wasm equals the tf-ops update on cpu', async () => {
  // Sizes that leave 0, 1 and 3 elements after the four-lane loop.
  for (const size of [8, 1, 4099]) {
    const initial = values(size, 12);
    const grads = [values(size, 13), values(size, 14), values(size, 15)];
    const run = async (): Promise<number[][]> => {
      const variable = tf.variable(tf.tensor1d(initial), true, `adadelta-${size}-${tf.getBackend()}`);
      const optimizer = new KerasAdadelta(1.0, 0.95, 1e-7);
      for (const g of grads) tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(g) }));
      const held = tf.memory().numTensors;
      tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.zeros([size]) }));
      assert.equal(tf.memory().numTensors, held, `an update leaves no tensors behind on ${tf.getBackend()}`);
      // getWeights: iterations, then the accumulated squared gradients and updates.
      const slots = (await optimizer.getWeights()).slice(1).map((w) => Array.from(w.tensor.dataSync()));
      const result = [Array.from(variable.dataSync()), ...slots];
      optimizer.dispose();
      variable.dispose();
      return result;
    };
    await tf.setBackend('cpu');
    assert.equal(tf.getKernel(ADADELTA_UPDATE_KERNEL, 'cpu'), undefined, 'cpu composes tf ops');
    const cpu = await run();
    await useWasm();
    assert.ok(tf.getKernel(ADADELTA_UPDATE_KERNEL, 'wasm'), 'the fused kernel is registered on wasm');
    const wasm = await run();
    ['value', 'accumulated gradients', 'accumulated updates'].forEach((label, k) => {
      assert.deepEqual(wasm[k], cpu[k], `${label}, ${size} elements`);
    });
  }
});

test('Cast to the same dtype shares data; a real conversion still converts', async () => {
  await useWasm();
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor1d([1.5, -2.25, 3]);
  const same = tf.cast(x, 'float32');
  assert.equal(tf.memory().numDataBuffers, before + 1, 'the same-dtype cast adds no buffer');
  x.dispose();
  assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.25, 3]);
  const ints = tf.cast(same, 'int32');
  assert.equal(ints.dtype, 'int32');
  assert.deepEqual(Array.from(ints.dataSync()), [1, -2, 3]);
  tf.dispose([same, ints]);
  assert.equal(tf.memory().numDataBuffers, before);
});

test('the weighted sum that combines gradients matches tf ops on cpu', async () => {
  // 4099 elements: the four-lane loop and a remainder of 3.
  const a = values(4099, 16);
  const b = values(4099, 17);
  const { cpu, wasm } = await onBoth(() => weightedSum(tf.tensor1d(a), tf.tensor1d(b), 0.375, 0.625));
  assert.equal(tf.getKernel(WEIGHTED_SUM_KERNEL, 'cpu'), undefined, 'cpu composes tf ops');
  assert.ok(tf.getKernel(WEIGHTED_SUM_KERNEL, 'wasm'), 'the kernel is registered on wasm');
  assert.deepEqual(Array.from(wasm[0]!), Array.from(cpu[0]!));
});
