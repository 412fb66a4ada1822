import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIMD_KERNELS_RELAXED_WASM, SIMD_KERNELS_WASM } from '../../../../src/backend/wasm/simd/kernels.generated.js';
import { CHANNEL_BLOCKS, EXPORTS, SIGNATURES, watParams } from '../../../../src/backend/wasm/simd/table.js';

test('watParams writes each parameter as WAT, pointers and integers as i32, floats as f32', () => {
  assert.equal(watParams('sumRows'), '(param $x i32) (param $out i32) (param $rows i32) (param $columns i32)');
  assert.match(watParams('weightedSum'), /\(param \$length i32\) \(param \$waS f32\) \(param \$wbS f32\)$/);
  assert.match(watParams('rmsprop'), /\(param \$length i32\) \(param \$rhoS f32\) \(param \$keepS f32\) \(param \$momentumS f32\) \(param \$epsS f32\) \(param \$lrS f32\)$/);
  assert.match(watParams('adam'), /^\(param \$p i32\) .* \(param \$c1 i32\) \(param \$c2 i32\) .* \(param \$negLrS f32\)$/);
  assert.equal(watParams('conv').split('(param').length - 1, SIGNATURES.conv.params.length);
});

test('EXPORTS names every function the built modules export, each once, with its family', () => {
  const names = EXPORTS.map(([exported]) => exported);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(EXPORTS.filter(([, family]) => family === 'conv').map(([e]) => e), ['conv16', 'conv4', 'conv1']);
  for (const binary of [SIMD_KERNELS_WASM, SIMD_KERNELS_RELAXED_WASM]) {
    const built = WebAssembly.Module.exports(new WebAssembly.Module(Buffer.from(binary, 'base64'))).filter((e) => e.kind === 'function').map((e) => e.name);
    assert.deepEqual([...built].sort(), [...names].sort());
  }
});

test('channel blocks go from widest to one, so any count is covered', () => {
  const widths = CHANNEL_BLOCKS.map((b) => b.width);
  assert.deepEqual(widths, [...widths].sort((a, b) => b - a));
  assert.equal(widths.at(-1), 1);
  for (const block of CHANNEL_BLOCKS) assert.equal(block.lanes * block.accumulators, block.width);
});

const filterGradArgs = { xin: 0, dy: 0, dw: 0, n: 2, h: 7, w: 6, c: 3, oh: 3, ow: 2, co: 21, kh: 3, kw: 3, sh: 2, sw: 2, coStart: 16, coEnd: 20 };

test('a blocked call touches its channel range rounded up to whole blocks, and the windows it sweeps', () => {
  const regions = SIGNATURES.filterGrad.regions(filterGradArgs, 'filterGrad4');
  assert.deepEqual(regions.dy, { dims: [2, 3, 2, 21], last: [1, 2, 1, 19] });
  // Rows: (3 - 1) * 2 + 3 - 1 = 6; columns: (2 - 1) * 2 + 3 - 1 = 4.
  assert.deepEqual(regions.xin, { dims: [2, 7, 6, 3], last: [1, 6, 4, 2] });
  assert.deepEqual(regions.dw, { dims: [27, 21], last: [26, 19] });
  // A block of 16 from channel 16 would reach channel 31.
  assert.equal(SIGNATURES.filterGrad.regions({ ...filterGradArgs, coEnd: 21 }, 'filterGrad16').dy!.last[3], 31);
});

test('a call with nothing to do touches nothing; bias counts only when used', () => {
  const empty = SIGNATURES.filterGrad.regions({ ...filterGradArgs, coEnd: 16 }, 'filterGrad1');
  assert.equal(empty.dy!.last[3], -1);
  const conv = { x: 0, w: 0, bias: 0, out: 0, n: 1, h: 5, wd: 5, c: 1, oh: 3, ow: 3, co: 4, kh: 3, kw: 3, sh: 1, sw: 1, coStart: 0, coEnd: 4, hasBias: 0, relu: 0 };
  assert.equal('bias' in SIGNATURES.conv.regions(conv, 'conv4'), false);
  assert.deepEqual(SIGNATURES.conv.regions({ ...conv, hasBias: 1 }, 'conv4').bias, { dims: [4], last: [3] });
  assert.deepEqual(SIGNATURES.sumRows.regions({ x: 0, out: 0, rows: 0, columns: 5 }, 'sumRows').out, { dims: [5], last: [4] });
});

test('a Winograd call touches whole 4x4 windows of its tiles, 4 channels at a time, and one band of scratch', () => {
  const args = { x: 0, u: 0, bias: 0, out: 0, v: 0, m: 0, n: 2, h: 8, wd: 7, c: 6, oh: 5, ow: 4, co: 10, bandRows: 2, hasBias: 1, relu: 0 };
  const regions = SIGNATURES.winograd.regions(args, 'winograd');
  // 3 tile rows (the last one half outside), 2 tile columns: rows up to 2*3 + 1.
  assert.deepEqual(regions.x, { dims: [2, 8, 7, 6], last: [1, 7, 5, 7] });
  assert.deepEqual(regions.v, { dims: [16, 4, 6], last: [15, 3, 7] });
  assert.deepEqual(regions.m, { dims: [16, 4, 10], last: [15, 3, 11] });
  assert.deepEqual(regions.bias, { dims: [10], last: [11] });
  assert.deepEqual(regions.u, { dims: [16, 6, 10], last: [15, 5, 7] });
  assert.deepEqual(SIGNATURES.winograd.regions({ ...args, bandRows: 0 }, 'winograd'), {});
});

test('a Winograd filter gradient reads all of dy and the tiles\' windows of x, and updates all of dU', () => {
  const args = { x: 0, dy: 0, du: 0, v: 0, z: 0, n: 2, h: 8, wd: 6, c: 8, oh: 5, ow: 4, co: 12, bandRows: 4 };
  const regions = SIGNATURES.winogradFilterGrad.regions(args, 'winogradFilterGrad');
  assert.deepEqual(regions.x, { dims: [2, 8, 6, 8], last: [1, 7, 5, 7] });
  assert.deepEqual(regions.dy, { dims: [2, 5, 4, 12], last: [1, 4, 3, 11] });
  assert.deepEqual(regions.du, { dims: [16, 8, 12], last: [15, 7, 11] });
  // 3 tile rows of 2 (fewer than bandRows).
  assert.deepEqual(regions.z, { dims: [16, 6, 12], last: [15, 5, 11] });
  assert.deepEqual(SIGNATURES.winogradFilterGrad.regions({ ...args, n: 0 }, 'winogradFilterGrad'), {});
});

test('an F(4x4, 3x3) Winograd call touches whole 6x6 windows, and its bands run on across images', () => {
  const args = { x: 0, u: 0, bias: 0, out: 0, v: 0, m: 0, t: 0, win: 0, n: 2, h: 14, wd: 10, c: 4, oh: 9, ow: 6, co: 8, padTop: 0, padLeft: 0, bandRows: 5, hasBias: 0, relu: 1 };
  const regions = SIGNATURES.winograd4.regions(args, 'winograd4');
  // 3 tile rows of 2 per image: rows up to 4*3 + 1, columns up to 4*2 + 1.
  assert.deepEqual(regions.x, { dims: [2, 14, 10, 4], last: [1, 13, 9, 3] });
  // A band of 5 of the 6 tile rows of both images, 2 tiles each.
  assert.deepEqual(regions.v, { dims: [36, 10, 4], last: [35, 9, 3] });
  assert.deepEqual(regions.t, { dims: [36, 4], last: [35, 3] });
  // An edge tile's 6x6 window of all channels.
  assert.deepEqual(regions.win, { dims: [36, 4], last: [35, 3] });
  assert.equal('bias' in regions, false);
});

test('an F(4x4, 3x3) Winograd call reads x only where its padded windows overlap it', () => {
  const args = { x: 0, u: 0, bias: 0, out: 0, v: 0, m: 0, t: 0, win: 0, n: 2, h: 12, wd: 7, c: 8, oh: 9, ow: 6, co: 8, padTop: 2, padLeft: 1, bandRows: 5, hasBias: 0, relu: 0 };
  const regions = SIGNATURES.winograd4.regions(args, 'winograd4');
  // Windows reach padded row 13 (x row 11) and padded column 9 (x column 8, past x's last, 6).
  assert.deepEqual(regions.x, { dims: [2, 12, 7, 8], last: [1, 11, 6, 7] });
  assert.deepEqual(regions.win, { dims: [36, 8], last: [35, 7] });
  // Unpadded, an x shorter than whole tiles' windows is read up to its last row: zeros beyond.
  assert.deepEqual(SIGNATURES.winograd4.regions({ ...args, padTop: 0, padLeft: 0, h: 11, wd: 9 }, 'winograd4').x, { dims: [2, 11, 9, 8], last: [1, 10, 8, 7] });
});

test('an F(4x4, 3x3) Winograd filter gradient reads all of dy and whole 6x6 windows of x, and updates all of dU', () => {
  const args = { x: 0, dy: 0, du: 0, v: 0, z: 0, t: 0, win: 0, n: 3, h: 10, wd: 6, c: 4, oh: 7, ow: 3, co: 8, padTop: 0, padLeft: 0, bandRows: 4 };
  const regions = SIGNATURES.winograd4FilterGrad.regions(args, 'winograd4FilterGrad');
  assert.deepEqual(regions.x, { dims: [3, 10, 6, 4], last: [2, 9, 5, 3] });
  assert.deepEqual(regions.dy, { dims: [3, 7, 3, 8], last: [2, 6, 2, 7] });
  assert.deepEqual(regions.du, { dims: [36, 4, 8], last: [35, 3, 7] });
  // A band of 4 of the 6 tile rows of the three images, one tile each.
  assert.deepEqual(regions.z, { dims: [36, 4, 8], last: [35, 3, 7] });
});

test('an F(4x4, 3x3) Winograd input gradient reads all of dy and updates each dy tile\'s 6x6 window of dx where it overlaps dx', () => {
  const args = { dy: 0, u: 0, dx: 0, v: 0, m: 0, t: 0, win: 0, n: 2, h: 9, wd: 8, c: 4, oh: 7, ow: 6, co: 12, padTop: 0, padLeft: 1, bandRows: 3 };
  const regions = SIGNATURES.winograd4InputGrad.regions(args, 'winograd4InputGrad');
  assert.deepEqual(regions.dy, { dims: [2, 7, 6, 4], last: [1, 6, 5, 3] });
  // 2x2 tiles of dy: windows reach row 9 (dx has 9) and column 9 - 1 (dx has 8).
  assert.deepEqual(regions.dx, { dims: [2, 9, 8, 12], last: [1, 8, 7, 11] });
  assert.deepEqual(regions.u, { dims: [36, 4, 12], last: [35, 3, 11] });
  // A band of 3 of the 4 tile rows of both images, 2 tiles each.
  assert.deepEqual(regions.m, { dims: [36, 6, 12], last: [35, 5, 11] });
  assert.deepEqual(regions.win, { dims: [36, 12], last: [35, 11] });
  assert.deepEqual(SIGNATURES.winograd4InputGrad.regions({ ...args, c: 0 }, 'winograd4InputGrad'), {});
});

test('a product reads op(A) as stored ([k, m] when transposed), all of B, and writes all of C', () => {
  const args = { a: 0, b: 0, bias: 0, c: 0, m: 5, n: 7, k: 3, aT: 1, kc: 2, hasBias: 1, relu: 0 };
  const regions = SIGNATURES.gemm.regions(args, 'gemm');
  assert.deepEqual(regions.a, { dims: [3, 5], last: [2, 4] });
  assert.deepEqual(SIGNATURES.gemm.regions({ ...args, aT: 0 }, 'gemm').a, { dims: [5, 3], last: [4, 2] });
  assert.deepEqual(regions.b, { dims: [3, 7], last: [2, 6] });
  assert.deepEqual(regions.c, { dims: [5, 7], last: [4, 6] });
  assert.deepEqual(regions.bias, { dims: [7], last: [6] });
  const nt = SIGNATURES.gemmNT.regions({ a: 0, b: 0, bias: 0, c: 0, m: 5, n: 7, k: 3, hasBias: 0, relu: 0 }, 'gemmNT');
  assert.deepEqual(nt.b, { dims: [7, 3], last: [6, 2] });
  assert.equal('bias' in nt, false);
  assert.deepEqual(SIGNATURES.gemmNT.regions({ a: 0, b: 0, bias: 0, c: 0, m: 5, n: 0, k: 3, hasBias: 0, relu: 0 }, 'gemmNT'), {});
});
