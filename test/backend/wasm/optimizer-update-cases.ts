// The bit-for-bit check shared by the fused optimizer updates' tests (RMSprop, Adam): five
// steps of the fused optimizer against tfjs's own, on cpu and on wasm, both SIMD builds.
import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

export const LEARNING_RATE = 0.01;
export const EPSILON = 1e-7;

/**
 * Five steps of `optimizer` (whose learning rate `rateAt(t)` sets before step t, for the
 * reference) on one variable of `size` elements; then the value and getWeights's slots,
 * whose names must be `slots` after the variable's, as tfjs's.
 */
async function run(optimizer: tf.Optimizer, size: number, slots: readonly string[], rateAt?: (t: number) => void): Promise<number[][]> {
  const variable = tf.variable(tf.tensor1d(values(size, 21)), true, `update-${size}-${tf.getBackend()}-${Math.random()}`);
  for (let t = 0; t < 4; t++) {
    rateAt?.(t);
    // Step 2's gradient is all zeros: the accumulated slots only decay (or keep).
    const gradient = t === 2 ? new Float32Array(size) : values(size, 30 + t);
    tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(gradient) }));
  }
  rateAt?.(4);
  const held = tf.memory().numTensors;
  tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor1d(values(size, 40)) }));
  assert.equal(tf.memory().numTensors, held, `an update leaves no tensors behind on ${tf.getBackend()}`);
  const weights = await optimizer.getWeights();
  assert.deepEqual(weights.map((w) => w.name), ['iter', ...slots.map((slot) => `${variable.name}/${slot}`)]);
  const result = [Array.from(variable.dataSync()), ...weights.slice(1).map((w) => Array.from(w.tensor.dataSync()))];
  optimizer.dispose();
  variable.dispose();
  return result;
}

/** tfjs's own optimizer, with Keras's decay applied by hand: lr / (1 + decay * t) before update t. */
function withDecay(optimizer: tf.Optimizer, decay: number): { optimizer: tf.Optimizer; rateAt: (t: number) => void } {
  return { optimizer, rateAt: (t) => { (optimizer as unknown as { learningRate: number }).learningRate = LEARNING_RATE / (1 + decay * t); } };
}

export interface FusedUpdateSuite<C extends { decay: number }> {
  /** Keras's name, as in test titles: RMSprop, Adam. */
  name: string;
  kernel: string;
  cases: C[];
  describeCase: (c: C) => string;
  /** tfjs's optimizer for a case, without decay. */
  tfjs: (c: C) => tf.Optimizer;
  /** The optimizer kerasts makes for the case (makeOptimizer), and whether it is the fused class. */
  fused: (c: C) => tf.Optimizer;
  isFused: (optimizer: tf.Optimizer) => boolean;
  /** getWeights's slot names after a variable's (rms, momentum; m, v) and what each holds. */
  slots: readonly string[];
  labels: readonly string[];
}

/**
 * Bit for bit, not within a tolerance: the kernels do tfjs's float32 operations in tfjs's
 * order (no fused multiply-add, in either build), and cpu's double-then-round arithmetic
 * rounds each of those single operations as float32 does.
 */
export function testFusedUpdate<C extends { decay: number }>(suite: FusedUpdateSuite<C>): void {
  for (const variant of VARIANTS) {
    test(`the fused ${suite.name} update on wasm (${variant} SIMD) equals tfjs's on cpu and on wasm, bit for bit`, async () => {
      for (const c of suite.cases) {
        // 0, 1, 3 elements: only the one-lane loop; 4099: 1024 four-lane steps and 3 left.
        for (const size of [0, 1, 3, 4099]) {
          const label = `${size} elements, ${suite.describeCase(c)}`;
          await tf.setBackend('cpu');
          assert.equal(tf.getKernel(suite.kernel, 'cpu'), undefined, 'cpu runs tfjs\'s own update');
          const onCpu = withDecay(suite.tfjs(c), c.decay);
          const cpu = await run(onCpu.optimizer, size, suite.slots, onCpu.rateAt);
          const cpuFused = await run(suite.fused(c), size, suite.slots);
          await useWasm();
          onVariant(variant);
          assert.ok(tf.getKernel(suite.kernel, 'wasm'), 'the fused kernel is registered on wasm');
          const onWasm = withDecay(suite.tfjs(c), c.decay);
          const wasmTfjs = await run(onWasm.optimizer, size, suite.slots, onWasm.rateAt);
          const optimizer = suite.fused(c);
          assert.ok(suite.isFused(optimizer), `makeOptimizer makes the fused ${suite.name}`);
          const wasm = await run(optimizer, size, suite.slots);
          ['value', ...suite.labels].forEach((what, k) => {
            assert.deepEqual(cpuFused[k], cpu[k], `${what} on cpu (tfjs's ops), ${label}`);
            assert.deepEqual(wasmTfjs[k], cpu[k], `${what}: tfjs on wasm against cpu, ${label}`);
            assert.deepEqual(wasm[k], cpu[k], `${what}: fused on wasm against cpu, ${label}`);
          });
        }
      }
    });
  }
}
