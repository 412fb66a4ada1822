import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RELU_GRAD_KERNEL } from '../../src/backend/kernel-names.js';
import { reluGrad } from '../../src/backend/relu-grad.js';
import { initBackend } from '../../src/backend/select.js';
import { useWasm, values } from './compare.js';

const SHAPE = [2, 5, 7, 3];
const size = tf.util.sizeFromShape(SHAPE);

/** x with exact zeros and -0 among random values: ReLU's gradient there is 0, as tfjs's step gives. */
function xValues(): Float32Array {
  const x = values(size, 31);
  for (let i = 0; i < size; i += 9) x[i] = i % 2 === 0 ? 0 : -0;
  return x;
}

/** d/dx sum(relu(x) * w), through whichever Relu gradient is registered; and the kernels it ran. */
async function reluGradient(x: Float32Array, w: Float32Array): Promise<{ grad: Float32Array; kernels: string[] }> {
  let grad: Float32Array = new Float32Array();
  const profile = await tf.profile(() => {
    const result = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.tensor(w, SHAPE))))(tf.tensor(x, SHAPE)));
    grad = result.dataSync() as Float32Array;
    result.dispose();
  });
  return { grad, kernels: profile.kernels.map((k) => k.name) };
}

test('the registered Relu gradient equals w where x > 0 and 0 elsewhere (cpu: tf ops; wasm: one kernel), bit for bit', async () => {
  const x = xValues();
  const w = values(size, 32);
  const expected = new Float32Array(size).map((_, i) => w[i]! * (x[i]! > 0 ? 1 : 0));
  await initBackend('cpu');
  const cpu = await reluGradient(x, w);
  assert.deepEqual(new Uint32Array(cpu.grad.buffer), new Uint32Array(expected.buffer));
  assert.ok(cpu.kernels.includes('Step'), 'cpu has no ReLU-gradient kernel: tf ops');
  await useWasm();
  const wasm = await reluGradient(x, w);
  assert.deepEqual(new Uint32Array(wasm.grad.buffer), new Uint32Array(expected.buffer));
  assert.ok(wasm.kernels.includes(RELU_GRAD_KERNEL), wasm.kernels.join(', '));
  assert.ok(!wasm.kernels.includes('Step'), wasm.kernels.join(', '));
});

test('reluGrad falls back to tf ops for an int32 x or an empty tensor, with tfjs\'s result', async () => {
  await useWasm();
  const dy = tf.tensor1d([0.5, -2, 3, 4]);
  const xi = tf.tensor1d([1, 0, -3, 2], 'int32');
  const out = reluGrad(dy, xi);
  assert.equal(out.dtype, 'float32');
  assert.deepEqual(Array.from(out.dataSync()), [0.5, -0, 0, 4]);
  const empty = reluGrad(tf.zeros([0, 3]), tf.zeros([0, 3]));
  assert.deepEqual(empty.shape, [0, 3]);
  tf.dispose([dy, xi, out, empty]);
});
