import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/**
 * Output tile sizes of the two Winograd kernels: F(2x2, 3x3) (scripts/simd/winograd-wat.ts)
 * and F(4x4, 3x3) (scripts/simd/winograd4-wat.ts).
 */
export type WinogradTile = 2 | 4;

/**
 * Each tile's filter transform G ((tile + 2) x 3): a 3-tap filter to the points of a tile's
 * window (Lavin & Gray's choice of points: 0, ±1 for F(2, 3); 0, ±1, ±2 for F(4, 3)).
 */
const G: Record<WinogradTile, number[][]> = {
  2: [[1, 0, 0], [1 / 2, 1 / 2, 1 / 2], [1 / 2, -1 / 2, 1 / 2], [0, 0, 1]],
  4: [[1 / 4, 0, 0], [-1 / 6, -1 / 6, -1 / 6], [-1 / 6, 1 / 6, -1 / 6], [1 / 24, 1 / 12, 1 / 6], [1 / 24, -1 / 12, 1 / 6], [0, 0, 1]],
};

/**
 * G ⊗ G as a [a², 9] matrix (a = tile + 2): row p*a + q, column i*3 + j holds G[p][i] * G[q][j];
 * `flipped`, of the filter turned by 180° (G[p][2 - i] * G[q][2 - j]).
 */
function gKron(tile: WinogradTile, flipped = false): tf.Tensor2D {
  const g = G[tile];
  const a = g.length;
  const tap = (index: number) => (flipped ? 2 - index : index);
  const values = Float32Array.from({ length: a * a * 9 }, (_, index) => {
    const [row, column] = [Math.floor(index / 9), index % 9];
    return g[Math.floor(row / a)]![tap(Math.floor(column / 3))]! * g[row % a]![tap(column % 3)]!;
  });
  return tf.tensor2d(values, [a * a, 9]);
}

/**
 * Scratch bytes the kernel's transformed band of input (and of output) may take: a band of
 * tile rows is transformed, multiplied and transformed back while it is in L1/L2.
 */
const BAND_BYTES = 96 * 1024;

/**
 * Whether a convolution runs as Winograd: 3x3, stride 1, no dilation (the caller's check),
 * channel counts multiples of 4 (the transforms take 4 channels per v128). For an MNIST conv2
 * (32 -> 32 channels, 24x24 outputs) F(2x2, 3x3) does 16 multiply-adds per 2x2 tile and
 * channel pair, F(4x4, 3x3) 36 per 4x4 tile, where the direct kernel does 9 per pixel.
 */
export function winogradFits(filterHeight: number, filterWidth: number, strideHeight: number, strideWidth: number, inChannels: number, outChannels: number): boolean {
  const channelsFit = inChannels > 0 && outChannels > 0 && inChannels % 4 === 0 && outChannels % 4 === 0;
  return filterHeight === 3 && filterWidth === 3 && strideHeight === 1 && strideWidth === 1 && channelsFit;
}

/**
 * F(4x4, 3x3) unless the output is smaller than one 4x4 tile either way (it would compute
 * mostly padding); F(2x2, 3x3) then. KERASTS_WINOGRAD=2 forces F(2x2, 3x3) (A/B runs).
 */
export function winogradTile(outHeight: number, outWidth: number): WinogradTile {
  if (process.env.KERASTS_WINOGRAD === '2') return 2;
  return outHeight >= 4 && outWidth >= 4 ? 4 : 2;
}

/** Rows (or columns) of padded input the kernel reads for `out` output rows: whole tiles' windows. */
export function winogradInputSize(out: number, tile: WinogradTile = 2): number {
  return tile * Math.ceil(out / tile) + 2;
}

/**
 * U = G g Gᵀ for every channel pair: [(tile + 2)², Cin, Cout] from a [3, 3, Cin, Cout] filter
 * (`flipped`: of the filter turned by 180°, as an input gradient's convolution wants). Runs tf ops.
 */
export function winogradFilter(filter: tf.Tensor4D, tile: WinogradTile = 2, flipped = false): tf.Tensor3D {
  const [, , inChannels, outChannels] = filter.shape;
  const kron = gKron(tile, flipped);
  const product = tf.matMul(kron, tf.reshape(filter, [9, inChannels * outChannels]));
  return tf.reshape(product, [kron.shape[0], inChannels, outChannels]);
}

/** dg = Gᵀ dU G for every channel pair: the [3, 3, Cin, Cout] filter gradient from its transform dU [(tile + 2)², Cin, Cout]. Runs tf ops. */
export function winogradFilterGradient(du: tf.Tensor3D, tile: WinogradTile = 2): tf.Tensor4D {
  const [positions, inChannels, outChannels] = du.shape;
  const product = tf.matMul(gKron(tile), tf.reshape(du, [positions, inChannels * outChannels]), true, false);
  return tf.reshape(product, [3, 3, inChannels, outChannels]);
}

/** Tile rows per band: as many as keep the larger transformed band within BAND_BYTES, at least one. */
export function winogradBandRows(outHeight: number, outWidth: number, inChannels: number, outChannels: number, tile: WinogradTile = 2): number {
  const rowBytes = (tile + 2) ** 2 * Math.ceil(outWidth / tile) * Math.max(inChannels, outChannels) * 4;
  return Math.max(1, Math.min(Math.ceil(outHeight / tile), Math.floor(BAND_BYTES / rowBytes)));
}

/** A scratch tensor of `size` floats, disposed with the caller's tidy; its contents start undefined. */
export function scratch(backend: WasmBackendLike, size: number): tf.TensorInfo {
  const info = backend.makeOutput([size], 'float32');
  tf.engine().makeTensorFromTensorInfo(info);
  return info;
}

/** Zero rows above and columns left of an input that a convolution reads as if they were there. */
export interface WinogradPad {
  top: number;
  left: number;
}

/**
 * What the kernel for `tile` reads: F(4x4, 3x3) reads `x` itself, with zeros off its edges
 * (scripts/simd/winograd4-wat.ts gathers an edge tile's window); F(2x2, 3x3) wants a padded
 * copy of at least winogradInputSize(out, 2) rows and columns, made here (tf ops).
 */
export function winogradInput(x: tf.Tensor4D, outHeight: number, outWidth: number, pad: WinogradPad, tile: WinogradTile): { input: tf.Tensor4D; pad: WinogradPad } {
  if (tile === 4) return { input: x, pad };
  const [, height, width] = x.shape;
  const bottom = Math.max(0, winogradInputSize(outHeight, tile) - pad.top - height);
  const right = Math.max(0, winogradInputSize(outWidth, tile) - pad.left - width);
  if (pad.top + bottom + pad.left + right === 0) return { input: x, pad };
  return { input: tf.pad(x, [[0, 0], [pad.top, bottom], [pad.left, right], [0, 0]]), pad: { top: 0, left: 0 } };
}

/**
 * Writes conv(x, g) (+ bias, then ReLU when `relu`) into `out` [n, oh, ow, Cout], from `x`
 * [n, h, w, Cin] read as if `pad` zero rows and columns were above and left of it (and zeros
 * below and right of it as far as whole tiles reach) and u = winogradFilter(g, tile). Runs tf
 * ops: call it inside a tidy (the scratch tensors are disposed with it).
 */
export function winogradConvolve(backend: WasmBackendLike, x: tf.Tensor4D, u: tf.TensorInfo, bias: tf.TensorInfo | undefined, out: tf.TensorInfo, relu: boolean, tile: WinogradTile, pad: WinogradPad): void {
  const [, outHeight, outWidth, outChannels] = out.shape as [number, number, number, number];
  const { input, pad: kernelPad } = winogradInput(x, outHeight, outWidth, pad, tile);
  const [n, height, width, inChannels] = input.shape;
  const positions = (tile + 2) ** 2;
  // F(4x4, 3x3)'s bands run on across images (its 36 products' operands are 2.25x F(2x2, 3x3)'s: longer bands, fewer passes over them).
  const bandTiles = winogradBandRows(tile === 4 ? n * outHeight : outHeight, outWidth, inChannels, outChannels, tile) * Math.ceil(outWidth / tile);
  const v = heapAddress(backend, scratch(backend, positions * bandTiles * inChannels));
  const m = heapAddress(backend, scratch(backend, positions * bandTiles * outChannels));
  const sizes = [n, height, width, inChannels, outHeight, outWidth, outChannels] as const;
  const flags = [bandTiles / Math.ceil(outWidth / tile), bias ? 1 : 0, relu ? 1 : 0] as const;
  const addresses = [heapAddress(backend, input), heapAddress(backend, u), bias ? heapAddress(backend, bias) : 0, heapAddress(backend, out), v, m] as const;
  const kernels = simdKernels(backend);
  if (tile === 2) {
    kernels.winograd(...addresses, ...sizes, ...flags);
    return;
  }
  const t = heapAddress(backend, scratch(backend, 36 * 4));
  const window = heapAddress(backend, scratch(backend, 36 * inChannels));
  kernels.winograd4(...addresses, t, window, ...sizes, kernelPad.top, kernelPad.left, ...flags);
}
