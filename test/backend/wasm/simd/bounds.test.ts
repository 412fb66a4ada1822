import assert from 'node:assert/strict';
import { test } from 'node:test';

// Set before the kernels load: the check is fixed when the module is first imported.
process.env.KERASTS_SIMD_BOUNDS = '1';
const tf = await import('@tensorflow/tfjs');
const { initBackend } = await import('../../../../src/backend/select.js');
const { heapAddress, simdKernels } = await import('../../../../src/backend/wasm/simd/module.js');
const { KernelBoundsError, BOUNDS_CHECKED } = await import('../../../../src/backend/wasm/simd/bounds.js');
type Backend = Parameters<typeof simdKernels>[0];

await initBackend('wasm');
const backend = tf.backend() as unknown as Backend;
const at = (t: import('@tensorflow/tfjs').Tensor) => heapAddress(backend, { dataId: t.dataId, shape: t.shape, dtype: t.dtype });

test('the bounds check is on under the test runner', () => {
  assert.equal(BOUNDS_CHECKED, true);
});

test('a length one float too long trips the check; the right one runs', () => {
  const a = tf.ones([10]);
  const b = tf.ones([10]);
  const out = tf.zeros([10]);
  const kernels = simdKernels(backend);
  assert.throws(() => kernels.weightedSum(at(a), at(b), at(out), 11, 1, 1), (error: unknown) =>
    error instanceof KernelBoundsError && /weightedSum: a spans 44 bytes .* its tensor has 40/.test(error.message));
  kernels.weightedSum(at(a), at(b), at(out), 10, 1, 2);
  assert.deepEqual([...out.dataSync()], Array(10).fill(3));
  tf.dispose([a, b, out]);
});

test('an RMSprop update one float longer than its tensors trips the check on each of its pointers', () => {
  const t = [0, 1, 2, 3, 4, 5, 6].map(() => tf.ones([6]));
  const short = tf.ones([5]);
  const kernels = simdKernels(backend);
  const args = (k: number) => t.map((x, i) => at(i === k ? short : x)) as [number, number, number, number, number, number, number];
  ['p', 'ms', 'mom', 'g', 'po', 'mso', 'momo'].forEach((name, k) => {
    assert.throws(() => kernels.rmsprop(...args(k), 6, 0.9, 0.1, 0, 1e-7, 0.01), new RegExp(`rmsprop: ${name} spans 24 bytes .* its tensor has 20`));
  });
  kernels.rmsprop(...args(-1), 6, 0.9, 0.1, 0, 1e-7, 0.01);
  // p' = 1 - 0.01 * 1 / sqrt(0.9 + 0.1 + 1e-7)
  assert.ok(Math.abs(t[4]!.dataSync()[0]! - 0.99) < 1e-6);
  tf.dispose([...t, short]);
});

test('an Adam update one float longer than its tensors, or with a bias correction that is no tensor, trips the check', () => {
  const t = [0, 1, 2, 3, 4, 5, 6].map(() => tf.ones([6]));
  const c = tf.scalar(0.5);
  const short = tf.ones([5]);
  const kernels = simdKernels(backend);
  const call = (k: number, correction = at(c)) => {
    const [p, m, v, g, po, mo, vo] = t.map((x, i) => at(i === k ? short : x)) as [number, number, number, number, number, number, number];
    kernels.adam(p, m, v, g, correction, correction, po, mo, vo, 6, 0.9, 0.1, 0.999, 0.001, 1e-7, -0.01);
  };
  ['p', 'm', 'v', 'g', 'po', 'mo', 'vo'].forEach((name, k) => {
    assert.throws(() => call(k), new RegExp(`adam: ${name} spans 24 bytes .* its tensor has 20`));
  });
  assert.throws(() => call(-1, 0), /adam: c1 \(address 0\) is not the address of a tensor/);
  call(-1);
  // m' = 0.9 + 0.1 = 1, v' = 0.999 + 0.001 = 1; p' = (1/0.5) / (sqrt(1/0.5) + 1e-7) * -0.01 + 1
  assert.ok(Math.abs(t[4]!.dataSync()[0]! - (1 - 0.01 * 2 / Math.SQRT2)) < 1e-6);
  tf.dispose([...t, c, short]);
});

test('a convolution whose windows overhang the input (wrong output height) trips the check', () => {
  // x [1, 5, 5, 1], filter 3x3: a valid convolution has 3 output rows; 4 would read row 5.
  const x = tf.ones([1, 5, 5, 1]);
  const w = tf.ones([3, 3, 1, 4]);
  const out = tf.zeros([1, 4, 3, 4]);
  const args = [at(x), at(w), 0, at(out), 1, 5, 5, 1] as const;
  const kernels = simdKernels(backend);
  assert.throws(() => kernels.conv4(...args, 4, 3, 4, 3, 3, 1, 1, 0, 4, 0, 0), /conv4: x index 5 along axis 1 is outside its size 5/);
  // A block of 4 channels from channel 2 runs past the 4 the filter has.
  assert.throws(() => kernels.conv4(...args, 3, 3, 4, 3, 3, 1, 1, 2, 4, 0, 0), /conv4: w index 5 along axis 3 is outside its size 4/);
  // A bias pointer that is no tensor.
  assert.throws(() => kernels.conv4(...args, 3, 3, 4, 3, 3, 1, 1, 0, 4, 1, 0), /conv4: bias \(address 0\) is not the address of a tensor/);
  kernels.conv4(...args, 3, 3, 4, 3, 3, 1, 1, 0, 4, 0, 0);
  assert.equal(out.dataSync()[0], 9);
  tf.dispose([x, w, out]);
});

test('a filter gradient told of a larger dy than it was given trips the check', () => {
  const x = tf.ones([2, 4, 4, 1]);
  const dy = tf.ones([1, 2, 2, 16]);
  const dw = tf.zeros([3, 3, 1, 16]);
  assert.throws(() => simdKernels(backend).filterGrad16(at(x), at(dy), at(dw), 2, 4, 4, 1, 2, 2, 16, 3, 3, 1, 1, 0, 16),
    /filterGrad16: dy spans 512 bytes .* its tensor has 256/);
  tf.dispose([x, dy, dw]);
});

test('a Winograd call with too small a scratch band, or an input without whole tiles, trips the check', () => {
  // x [1, 6, 6, 4], 3x3: 4x4 outputs, 2x2 tiles; a band of 2 tile rows is 4 tiles.
  const x = tf.ones([1, 6, 6, 4]);
  const u = tf.ones([16, 4, 4]);
  const out = tf.zeros([1, 4, 4, 4]);
  const v = tf.zeros([16 * 4 * 4]);
  const m = tf.zeros([16 * 2 * 4]);
  const kernels = simdKernels(backend);
  assert.throws(() => kernels.winograd(at(x), at(u), 0, at(out), at(v), at(m), 1, 6, 6, 4, 4, 4, 4, 2, 0, 0),
    /winograd: m spans 1024 bytes .* its tensor has 512/);
  // One band row fits both scratch tensors.
  kernels.winograd(at(x), at(u), 0, at(out), at(v), at(m), 1, 6, 6, 4, 4, 4, 4, 1, 0, 0);
  // Output 5x5 needs 3x3 tiles, so 8 input rows and columns; x has 6.
  const out5 = tf.zeros([1, 5, 5, 4]);
  assert.throws(() => kernels.winograd(at(x), at(u), 0, at(out5), at(v), at(m), 1, 6, 6, 4, 5, 5, 4, 1, 0, 0),
    /winograd: x index 7 along axis 1 is outside its size 6/);
  tf.dispose([x, u, out, v, m, out5]);
});

test('a Winograd filter gradient told of more output channels than dU has trips the check', () => {
  const x = tf.ones([1, 6, 6, 4]);
  const dy = tf.ones([1, 4, 4, 8]);
  const du = tf.zeros([16, 4, 4]);
  const v = tf.zeros([16 * 4 * 4]);
  const z = tf.zeros([16 * 4 * 8]);
  assert.throws(() => simdKernels(backend).winogradFilterGrad(at(x), at(dy), at(du), at(v), at(z), 1, 6, 6, 4, 4, 4, 8, 2),
    /winogradFilterGrad: du spans 2048 bytes .* its tensor has 1024/);
  tf.dispose([x, dy, du, v, z]);
});

test('an F(4x4, 3x3) Winograd call with no room for its transforms\' scratch trips the check', () => {
  // x [1, 6, 6, 4]: 4x4 outputs, one 4x4 tile.
  const x = tf.ones([1, 6, 6, 4]);
  const u = tf.ones([36, 4, 4]);
  const out = tf.zeros([1, 4, 4, 4]);
  const v = tf.zeros([36 * 4]);
  const m = tf.zeros([36 * 4]);
  const small = tf.zeros([35 * 4]);
  const kernels = simdKernels(backend);
  const win = tf.zeros([36 * 4]);
  assert.throws(() => kernels.winograd4(at(x), at(u), 0, at(out), at(v), at(m), at(small), at(win), 1, 6, 6, 4, 4, 4, 4, 0, 0, 1, 0, 0),
    /winograd4: t spans 576 bytes .* its tensor has 560/);
  // An edge tile's window (here, padded by one row and column) is all channels of 6x6 pixels.
  assert.throws(() => kernels.winograd4(at(x), at(u), 0, at(out), at(v), at(m), at(win), at(small), 1, 6, 6, 4, 4, 4, 4, 1, 1, 1, 0, 0),
    /winograd4: win spans 576 bytes .* its tensor has 560/);
  kernels.winograd4(at(x), at(u), 0, at(out), at(v), at(m), at(m), at(win), 1, 6, 6, 4, 4, 4, 4, 1, 1, 1, 0, 0);
  // With room (m doubles as t: the call only checks sizes), it runs.
  assert.ok([...out.dataSync()].every(Number.isFinite));
  tf.dispose([x, u, out, v, m, small, win]);
});

test('an F(4x4, 3x3) Winograd filter gradient told of a larger dy than it was given trips the check', () => {
  const x = tf.ones([1, 6, 6, 4]);
  const dy = tf.ones([1, 4, 3, 4]);
  const du = tf.zeros([36, 4, 4]);
  const v = tf.zeros([36 * 4]);
  assert.throws(() => simdKernels(backend).winograd4FilterGrad(at(x), at(dy), at(du), at(v), at(v), at(v), at(v), 1, 6, 6, 4, 4, 4, 4, 0, 0, 1),
    /winograd4FilterGrad: dy spans 256 bytes .* its tensor has 192/);
  tf.dispose([x, dy, du, v]);
});

test('an F(4x4, 3x3) Winograd input gradient told of a larger dx than it was given trips the check', () => {
  // dy [1, 4, 4, 4] of a 'valid' convolution of a 6x6 input: one tile, whose window is all of dx.
  const dy = tf.ones([1, 4, 4, 4]);
  const u = tf.ones([36, 4, 4]);
  const dx = tf.zeros([1, 6, 6, 4]);
  const scratch = tf.zeros([36 * 4]);
  const kernels = simdKernels(backend);
  assert.throws(() => kernels.winograd4InputGrad(at(dy), at(u), at(dx), at(scratch), at(scratch), at(scratch), at(scratch), 1, 7, 6, 4, 4, 4, 4, 0, 0, 1),
    /winograd4InputGrad: dx spans 672 bytes .* its tensor has 576/);
  kernels.winograd4InputGrad(at(dy), at(u), at(dx), at(scratch), at(scratch), at(scratch), at(scratch), 1, 6, 6, 4, 4, 4, 4, 0, 0, 1);
  assert.ok([...dx.dataSync()].some((value) => value !== 0));
  tf.dispose([dy, u, dx, scratch]);
});

test('a product told of a deeper summed axis or more columns than its operands have trips the check', () => {
  const a = tf.ones([3, 5]);
  const b = tf.ones([5, 4]);
  const c = tf.zeros([3, 4]);
  const kernels = simdKernels(backend);
  assert.throws(() => kernels.gemm(at(a), at(b), 0, at(c), 3, 4, 6, 0, 256, 0, 0), /gemm: a spans 72 bytes .* its tensor has 60/);
  // Aᵀ·B reads a as [k, m]: [5, 3] is 15 floats either way, but b must be [5, 4].
  assert.throws(() => kernels.gemm(at(a), at(b), 0, at(c), 3, 5, 5, 1, 256, 0, 0), /gemm: b spans 100 bytes .* its tensor has 80/);
  assert.throws(() => kernels.gemmNT(at(a), at(b), 0, at(c), 3, 5, 5, 0, 0), /gemmNT: b spans 100 bytes .* its tensor has 80/);
  kernels.gemm(at(a), at(b), 0, at(c), 3, 4, 5, 0, 256, 0, 0);
  assert.deepEqual([...c.dataSync()], Array(12).fill(5));
  tf.dispose([a, b, c]);
});
