import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RELU_GRAD_KERNEL } from '../../../src/backend/kernel-names.js';
import { useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

const run = (dy: tf.Tensor, x: tf.Tensor): tf.Tensor => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x }, {}) as tf.Tensor;

/** x with zeros, -0, NaN and infinities among the random values; dy with a NaN and negatives (so -0 results). */
function inputs(size: number): { dy: Float32Array; x: Float32Array } {
  const x = values(size, 21);
  const dy = values(size, 22);
  const special = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45];
  for (let i = 0; i < size; i += 5) x[i] = special[(i / 5) % special.length]!;
  if (size > 3) dy[3] = Number.NaN;
  return { dy, x };
}

/** The sizes: empty, below one vector, a vector and a remainder of 1/2/3, several vectors. */
const SIZES = [0, 1, 3, 4, 5, 6, 7, 35, 4099];

for (const variant of VARIANTS) {
  test(`the ReLU-gradient kernel (${variant}) equals mul(dy, cast(step(x))) on cpu bit for bit, sizes ${SIZES.join(', ')}`, async () => {
    for (const size of SIZES) {
      const { dy, x } = inputs(size);
      await tf.setBackend('cpu');
      const expected = tf.tidy(() => tf.mul(tf.tensor1d(dy), tf.cast(tf.step(tf.tensor1d(x)), 'float32')).dataSync());
      await useWasm();
      onVariant(variant);
      const [tdy, tx] = [tf.tensor1d(dy), tf.tensor1d(x)];
      const out = run(tdy, tx);
      const got = out.dataSync() as Float32Array;
      assert.equal(got.length, size);
      // Bytes, so that -0 against 0 and NaN against NaN are told apart or matched exactly.
      assert.deepEqual(new Uint32Array(got.buffer, got.byteOffset, size), new Uint32Array(new Float32Array(expected).buffer), `size ${size}`);
      tf.dispose([tdy, tx, out]);
    }
  });
}

test('the ReLU-gradient kernel keeps the shape and refuses tensors of different shapes or dtypes', async () => {
  await useWasm();
  const a = tf.tensor3d(values(2 * 3 * 5, 1), [2, 3, 5]);
  const out = run(a, a);
  assert.deepEqual(out.shape, [2, 3, 5]);
  const b = tf.zeros([5, 3, 2]);
  const i = tf.zeros([2, 3, 5], 'int32');
  assert.throws(() => run(a, b), /KerastsReluGrad takes two float32 tensors of one shape; received float32 \[2,3,5\] and float32 \[5,3,2\]/);
  assert.throws(() => run(a, i), /received float32 \[2,3,5\] and int32 \[2,3,5\]/);
  tf.dispose([a, b, i, out]);
});
