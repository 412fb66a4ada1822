import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADADELTA_UPDATE_KERNEL } from '../../../src/backend/kernel-names.js';
import { KerasAdadelta } from '../../../src/model/keras-adadelta.js';
import { useWasm, values } from '../compare.js';

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

test('the fused update refuses a tensor that is not float32', async () => {
  await useWasm();
  const f = tf.zeros([3]);
  const i = tf.zeros([3], 'int32');
  assert.throws(() => tf.engine().runKernel(ADADELTA_UPDATE_KERNEL, { value: f, accumulatedGrad: f, accumulatedUpdate: f, gradient: i }, { rho: 0.95, epsilon: 1e-7, learningRate: 1 }),
    /KerasAdadeltaUpdate takes float32 tensors; received int32/);
  tf.dispose([f, i]);
});
