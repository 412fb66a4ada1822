import tf from '../../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { WasmBackendLike } from '../../../../src/backend/wasm/kernel-util.js';
import { channelBlocks, heapAddress, relaxedSimdSupported, simdKernels } from '../../../../src/backend/wasm/simd/module.js';
import { useWasm } from '../../compare.js';

// The choice is fixed at a process's first call, and a file batched after another that chose
// a variant (scripts/run-tests.mjs runs several files per process) would see that one: a child asks first.
test('without KERASTS_SIMD the variant is relaxed exactly when the runtime validates it, then stays fixed', (t) => {
  if (process.env.KERASTS_SIMD !== undefined) return t.skip(`KERASTS_SIMD=${process.env.KERASTS_SIMD} is set`);
  const probe = "import('./src/backend/wasm/simd/module.ts').then((m) => { const first = m.simdVariant(); m.useSimdVariant('plain'); process.stdout.write(`${first === (m.relaxedSimdSupported() ? 'relaxed' : 'plain')} ${m.simdVariant()}`); })";
  const child = spawnSync(process.execPath, [...process.execArgv, '--import', 'tsx', '-e', probe], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'true plain');
});

test('a process started without flags or KERASTS_SIMD runs the relaxed kernels (Node 20 included: kerasts sets the V8 flag)', () => {
  const env = { ...process.env };
  delete env.KERASTS_SIMD;
  const probe = "import('./src/backend/wasm/simd/module.ts').then((m) => process.stdout.write(m.simdVariant()))";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], { encoding: 'utf8', env });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'relaxed');
  assert.equal(child.stderr, '', 'no V8 complaint about the flag');
});

test('channelBlocks covers any channel count with blocks of 16, then 4, then 1, in order', () => {
  assert.deepEqual(channelBlocks(0), [[16, 0, 0], [4, 0, 0], [1, 0, 0]]);
  assert.deepEqual(channelBlocks(1), [[16, 0, 0], [4, 0, 0], [1, 0, 1]]);
  assert.deepEqual(channelBlocks(21), [[16, 0, 16], [4, 16, 20], [1, 20, 21]]);
  assert.deepEqual(channelBlocks(32), [[16, 0, 32], [4, 32, 32], [1, 32, 32]]);
  assert.deepEqual(channelBlocks(39), [[16, 0, 32], [4, 32, 36], [1, 36, 39]]);
});

test('the kernels are instantiated once per backend and variant, on the backend\'s own heap', async () => {
  await useWasm();
  const backend = tf.backend() as unknown as WasmBackendLike;
  const plain = simdKernels(backend, 'plain');
  assert.equal(simdKernels(backend, 'plain'), plain);
  if (relaxedSimdSupported()) assert.notEqual(simdKernels(backend, 'relaxed'), plain);
  // Written through the kernel, read through tfjs: the same memory.
  const a = tf.tensor1d([1, 2, 3, 4, 5]);
  const b = tf.tensor1d([10, 20, 30, 40, 50]);
  const out = tf.zeros([5]);
  const at = (t: tf.Tensor) => heapAddress(backend, { dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  assert.equal(at(a), backend.typedArrayFromHeap({ dataId: a.dataId, shape: a.shape, dtype: a.dtype }).byteOffset);
  plain.weightedSum(at(a), at(b), at(out), 5, 2, 0.5);
  assert.deepEqual(Array.from(out.dataSync()), [7, 14, 21, 28, 35]);
  tf.dispose([a, b, out]);
});

test('a backend that does not expose its memory where expected gets one clear message', () => {
  const stranger = { dataIdMap: { get: () => undefined }, incRef() {}, makeOutput() { throw new Error('unused'); }, typedArrayFromHeap() { throw new Error('unused'); } } as unknown as WasmBackendLike;
  assert.throws(() => simdKernels(stranger, 'plain'), /does not expose its memory where kerasts expects it \(wasm\.asm\.memory\)/);
});
