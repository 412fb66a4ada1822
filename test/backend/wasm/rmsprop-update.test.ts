import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RMSPROP_UPDATE_KERNEL } from '../../../src/backend/kernel-names.js';
import { makeOptimizer } from '../../../src/model/compile.js';
import { FusedRMSProp } from '../../../src/model/fused-rmsprop.js';
import { useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

interface Case { momentum: number; decay: number }

const LEARNING_RATE = 0.01;
const RHO = 0.9;
const EPSILON = 1e-7;

/**
 * Five steps of `optimizer` (whose learning rate `rateAt(t)` sets before step t, for the
 * reference) on one variable of `size` elements; then the value and getWeights's slots.
 */
async function run(optimizer: tf.Optimizer, size: number, rateAt?: (t: number) => void): Promise<number[][]> {
  const variable = tf.variable(tf.tensor1d(values(size, 21)), true, `rmsprop-${size}-${tf.getBackend()}-${Math.random()}`);
  for (let t = 0; t < 4; t++) {
    rateAt?.(t);
    // Step 2's gradient is all zeros: the mean square only decays, the moment only keeps.
    const gradient = t === 2 ? new Float32Array(size) : values(size, 30 + t);
    tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(gradient) }));
  }
  rateAt?.(4);
  const held = tf.memory().numTensors;
  tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(values(size, 40)) }));
  assert.equal(tf.memory().numTensors, held, `an update leaves no tensors behind on ${tf.getBackend()}`);
  const weights = await optimizer.getWeights();
  // iterations, then the mean squares (…/rms), then the moments (…/momentum), as tfjs's.
  assert.deepEqual(weights.map((w) => w.name), ['iter', `${variable.name}/rms`, `${variable.name}/momentum`]);
  const result = [Array.from(variable.dataSync()), ...weights.slice(1).map((w) => Array.from(w.tensor.dataSync()))];
  optimizer.dispose();
  variable.dispose();
  return result;
}

/** tfjs's own RMSPropOptimizer, with Keras's decay applied by hand: lr / (1 + decay * t) before update t. */
function reference(c: Case): { optimizer: tf.Optimizer; rateAt: (t: number) => void } {
  const optimizer = tf.train.rmsprop(LEARNING_RATE, RHO, c.momentum, EPSILON);
  return { optimizer, rateAt: (t) => { (optimizer as unknown as { learningRate: number }).learningRate = LEARNING_RATE / (1 + c.decay * t); } };
}

const fused = (c: Case): tf.Optimizer => makeOptimizer({ name: 'rmsprop', config: { learning_rate: LEARNING_RATE, rho: RHO, momentum: c.momentum, epsilon: EPSILON, decay: c.decay } });

const CASES: Case[] = [{ momentum: 0, decay: 0 }, { momentum: 0, decay: 0.5 }, { momentum: 0.9, decay: 0.5 }];
const LABELS = ['value', 'mean square', 'moment'];

// Bit for bit, not within a tolerance: the kernel does tfjs's float32 operations in tfjs's
// order (no fused multiply-add, in either build), and cpu's double-then-round arithmetic
// rounds each of those single operations as float32 does.
for (const variant of VARIANTS) {
  test(`the fused RMSprop update on wasm (${variant} SIMD) equals tfjs's RMSPropOptimizer on cpu and on wasm, bit for bit`, async () => {
    for (const c of CASES) {
      // 0, 1, 3 elements: only the one-lane loop; 4099: 1024 four-lane steps and 3 left.
      for (const size of [0, 1, 3, 4099]) {
        const label = `${size} elements, momentum ${c.momentum}, decay ${c.decay}`;
        await tf.setBackend('cpu');
        assert.equal(tf.getKernel(RMSPROP_UPDATE_KERNEL, 'cpu'), undefined, 'cpu runs tfjs\'s own update');
        const onCpu = reference(c);
        const cpu = await run(onCpu.optimizer, size, onCpu.rateAt);
        const cpuFused = await run(fused(c), size);
        await useWasm();
        onVariant(variant);
        assert.ok(tf.getKernel(RMSPROP_UPDATE_KERNEL, 'wasm'), 'the fused kernel is registered on wasm');
        const onWasm = reference(c);
        const wasmTfjs = await run(onWasm.optimizer, size, onWasm.rateAt);
        const optimizer = fused(c);
        assert.ok(optimizer instanceof FusedRMSProp, 'makeOptimizer makes the fused RMSprop');
        const wasm = await run(optimizer, size);
        LABELS.forEach((what, k) => {
          assert.deepEqual(cpuFused[k], cpu[k], `${what} on cpu (tfjs's ops), ${label}`);
          assert.deepEqual(wasmTfjs[k], cpu[k], `${what}: tfjs on wasm against cpu, ${label}`);
          assert.deepEqual(wasm[k], cpu[k], `${what}: fused on wasm against cpu, ${label}`);
        });
      }
    }
  });
}

test('the fused RMSprop update refuses a tensor that is not float32', async () => {
  await useWasm();
  const f = tf.zeros([3]);
  const i = tf.zeros([3], 'int32');
  assert.throws(() => tf.engine().runKernel(RMSPROP_UPDATE_KERNEL, { value: f, meanSquare: f, moment: i, gradient: f }, { rho: 0.9, momentum: 0, epsilon: 1e-7, learningRate: 1 }),
    /KerastsRMSPropUpdate takes float32 tensors; received int32/);
  tf.dispose([f, i]);
});
