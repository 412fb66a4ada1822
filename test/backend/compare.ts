// Helpers for running the same computation on the cpu and wasm backends and comparing.
import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { initBackend } from '../../src/backend/select.js';

/**
 * Switches to wasm with kerasts's kernels and gradients. initBackend is called every time, not
 * once per process: a test batch (scripts/test-batch.mjs) puts tfjs's own gradients back after
 * each file, and initBackend registers kerasts's again (FusedBatchNorm's, which tfjs's fails
 * for channels-first, and ReLU's); its other steps are idempotent and cheap.
 */
export async function useWasm(): Promise<void> {
  await initBackend('wasm');
}

/** Deterministic pseudo-random values in [-1, 1) (a tiny LCG, so both backends see the same data). */
export function values(size: number, seed: number, levels?: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    // With `levels`, values repeat often: max-pool windows then contain ties.
    out[i] = levels === undefined ? u * 2 - 1 : Math.floor(u * levels);
  }
  return out;
}

/** Runs `f` on cpu and on wasm and returns both results as plain arrays. */
export async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (): Promise<Float32Array[]> => {
    const result = tf.tidy(f);
    const list = Array.isArray(result) ? result : [result];
    const data = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    tf.dispose(list);
    return data;
  };
  await tf.setBackend('cpu');
  const cpu = await run();
  await useWasm();
  const wasm = await run();
  return { cpu, wasm };
}

/** Asserts equal length and |a - b| <= atol + rtol * |a| elementwise. */
export function assertClose(actual: Float32Array, expected: Float32Array, label: string, rtol = 1e-4, atol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= atol + rtol * Math.abs(expected[i]!))) {
      assert.fail(`${label}: element ${i} is ${actual[i]} on wasm, ${expected[i]} on cpu`);
    }
  }
}
