import tf from '../../util/tfjs.cjs';
import type { WasmBackendLike } from './kernel-util.js';
import { heapAddress, simdKernels } from './simd/module.js';

/** F(2x2, 3x3)'s filter transform G (4x3): a 3-tap filter to the 4 points of a tile's window. */
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];

/** G ⊗ G as a [16, 9] matrix: row a*4 + b, column i*3 + j holds G[a][i] * G[b][j]. */
const G_KRON = Float32Array.from({ length: 16 * 9 }, (_, index) => {
  const [row, column] = [Math.floor(index / 9), index % 9];
  return G[Math.floor(row / 4)]![Math.floor(column / 3)]! * G[row % 4]![column % 3]!;
});

/**
 * Scratch bytes the kernel's transformed band of input (and of output) may take: a band of
 * tile rows is transformed, multiplied and transformed back while it is in L1/L2.
 */
const BAND_BYTES = 96 * 1024;

/**
 * Whether a convolution runs as Winograd F(2x2, 3x3) (scripts/simd/winograd-wat.ts): 3x3,
 * stride 1, no dilation (the caller's check), channel counts multiples of 4 (the transforms
 * take 4 channels per v128). For an MNIST conv2 (32 -> 32 channels, 24x24 outputs) it does
 * 16 multiply-adds per tile and channel pair where the direct kernel does 36.
 */
export function winogradFits(filterHeight: number, filterWidth: number, strideHeight: number, strideWidth: number, inChannels: number, outChannels: number): boolean {
  const channelsFit = inChannels > 0 && outChannels > 0 && inChannels % 4 === 0 && outChannels % 4 === 0;
  return filterHeight === 3 && filterWidth === 3 && strideHeight === 1 && strideWidth === 1 && channelsFit;
}

/** Rows (or columns) of padded input the kernel reads for `out` output rows: whole 2x2 tiles' 4x4 windows. */
export function winogradInputSize(out: number): number {
  return 2 * Math.ceil(out / 2) + 2;
}

/** U = G g Gᵀ for every channel pair: [16, Cin, Cout] from a [3, 3, Cin, Cout] filter. Runs tf ops. */
export function winogradFilter(filter: tf.Tensor4D): tf.Tensor3D {
  const [, , inChannels, outChannels] = filter.shape;
  const product = tf.matMul(tf.tensor2d(G_KRON, [16, 9]), tf.reshape(filter, [9, inChannels * outChannels]));
  return tf.reshape(product, [16, inChannels, outChannels]);
}

/** Tile rows per band: as many as keep the larger transformed band within BAND_BYTES, at least one. */
export function winogradBandRows(outHeight: number, outWidth: number, inChannels: number, outChannels: number): number {
  const rowBytes = 16 * Math.ceil(outWidth / 2) * Math.max(inChannels, outChannels) * 4;
  return Math.max(1, Math.min(Math.ceil(outHeight / 2), Math.floor(BAND_BYTES / rowBytes)));
}

/** A scratch tensor of `size` floats, disposed with the caller's tidy; its contents start undefined. */
export function scratch(backend: WasmBackendLike, size: number): tf.TensorInfo {
  const info = backend.makeOutput([size], 'float32');
  tf.engine().makeTensorFromTensorInfo(info);
  return info;
}

/**
 * Writes conv(x, g) (+ bias, then ReLU when `relu`) into `out` [n, oh, ow, Cout], from `x`
 * padded to at least winogradInputSize(oh) rows and winogradInputSize(ow) columns and u =
 * winogradFilter(g). Call it inside a tidy (the scratch tensors are disposed with it).
 */
export function winogradConvolve(backend: WasmBackendLike, x: tf.TensorInfo, u: tf.TensorInfo, bias: tf.TensorInfo | undefined, out: tf.TensorInfo, relu: boolean): void {
  const [n, height, width, inChannels] = x.shape as [number, number, number, number];
  const [, outHeight, outWidth, outChannels] = out.shape as [number, number, number, number];
  const tilesW = Math.ceil(outWidth / 2);
  const bandRows = winogradBandRows(outHeight, outWidth, inChannels, outChannels);
  const v = scratch(backend, 16 * bandRows * tilesW * inChannels);
  const m = scratch(backend, 16 * bandRows * tilesW * outChannels);
  simdKernels(backend).winograd(
    heapAddress(backend, x), heapAddress(backend, u), bias ? heapAddress(backend, bias) : 0, heapAddress(backend, out),
    heapAddress(backend, v), heapAddress(backend, m),
    n, height, width, inChannels, outHeight, outWidth, outChannels,
    bandRows, bias ? 1 : 0, relu ? 1 : 0,
  );
}

/** dg = Gᵀ dU G for every channel pair: the [3, 3, Cin, Cout] filter gradient from its transform dU [16, Cin, Cout]. Runs tf ops. */
export function winogradFilterGradient(du: tf.Tensor3D): tf.Tensor4D {
  const [, inChannels, outChannels] = du.shape;
  const product = tf.matMul(tf.tensor2d(G_KRON, [16, 9]), tf.reshape(du, [16, inChannels * outChannels]), true, false);
  return tf.reshape(product, [3, 3, inChannels, outChannels]);
}
