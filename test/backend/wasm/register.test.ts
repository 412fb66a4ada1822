import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKerastsKernel, registerWasmTrainingKernels, restoreStockWasmKernels, WASM_TRAINING_KERNELS } from '../../../src/backend/wasm/register.js';
import { useWasm, values } from '../compare.js';

test('registers the training kernels for wasm, idempotently', async () => {
  await useWasm();
  for (const name of WASM_TRAINING_KERNELS) assert.ok(isKerastsKernel(name), `${name} registered`);
  const before = WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
  // A second registration must not wrap our wrappers (BatchMatMul and Sum delegate to the stock kernels).
  registerWasmTrainingKernels();
  assert.deepEqual(WASM_TRAINING_KERNELS.map((name) => tf.getKernel(name, 'wasm')?.kernelFunc), before);
});

test('the registered kernels leak no tensors', async () => {
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

// Last: it changes the process's kernels, then puts ours back.
test('restoring puts the stock kernels back (and drops Conv2DBackpropFilter, which wasm lacks); registering again replaces them', async () => {
  await useWasm();
  const ours = tf.getKernel(tf.Sum, 'wasm')?.kernelFunc;
  restoreStockWasmKernels();
  for (const name of WASM_TRAINING_KERNELS) assert.equal(isKerastsKernel(name), false, `${name} is stock again`);
  assert.equal(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm'), undefined);
  assert.notEqual(tf.getKernel(tf.Sum, 'wasm')?.kernelFunc, ours);
  assert.deepEqual(Array.from(tf.tidy(() => tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2]), 0).dataSync())), [4, 6], 'the stock Sum works');
  registerWasmTrainingKernels([tf.Sum]);
  assert.equal(isKerastsKernel(tf.Sum), true);
  assert.equal(isKerastsKernel(tf.Conv2DBackpropFilter), false, 'only the subset asked for');
  registerWasmTrainingKernels();
  for (const name of WASM_TRAINING_KERNELS) assert.ok(isKerastsKernel(name), `${name} registered again`);
});
