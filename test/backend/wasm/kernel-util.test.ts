import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeKernel, type WasmKernelArgs } from '../../../src/backend/wasm/kernel-util.js';
import { useWasm } from '../compare.js';

const NAME = 'KerastsTestComposed';

/** 2a + b, composed of tf ops, with an intermediate the tidy must free. */
tf.registerKernel({
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: ((args: WasmKernelArgs) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    return composeKernel(args.backend, [a, b], (aIn, bIn) => tf.add(tf.mul(aIn!, 2), bIn!));
  }) as unknown as tf.KernelFunc,
});

test('a composed kernel returns its ops\' result, and the engine owns exactly it', async () => {
  await useWasm();
  const a = tf.tensor1d([1, 2, 3]);
  const b = tf.tensor1d([10, 20, 30]);
  const tensors = tf.memory().numTensors;
  const buffers = tf.memory().numDataBuffers;
  const out = tf.engine().runKernel(NAME, { a, b }, {}) as tf.Tensor;
  assert.deepEqual(out.shape, [3]);
  assert.deepEqual(Array.from(out.dataSync()), [12, 24, 36]);
  assert.equal(tf.memory().numTensors, tensors + 1, 'only the result is left');
  assert.equal(tf.memory().numDataBuffers, buffers + 1, 'the intermediate 2a is freed');
  out.dispose();
  assert.equal(tf.memory().numDataBuffers, buffers);
  // The inputs' data outlives the kernel's wrappers of them.
  assert.deepEqual(Array.from(a.dataSync()), [1, 2, 3]);
  tf.dispose([a, b]);
  assert.equal(tf.memory().numDataBuffers, buffers - 2);
});

test('a composed kernel whose body returns an input hands back shared data that survives the input', async () => {
  await useWasm();
  tf.registerKernel({
    kernelName: `${NAME}Pass`,
    backendName: 'wasm',
    kernelFunc: ((args: WasmKernelArgs) => composeKernel(args.backend, [args.inputs.x!], (x) => x!)) as unknown as tf.KernelFunc,
  });
  const x = tf.tensor1d([4, 5]);
  const buffers = tf.memory().numDataBuffers;
  const y = tf.engine().runKernel(`${NAME}Pass`, { x }, {}) as tf.Tensor;
  assert.equal(tf.memory().numDataBuffers, buffers, 'no copy');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [4, 5]);
  y.dispose();
  assert.equal(tf.memory().numDataBuffers, buffers - 1);
});
