import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../kernel-util.js';
import { FILTER_GRAD_WASM } from './kernels.generated.js';

type FilterGradFunction = (
  x: number, dy: number, dw: number,
  n: number, h: number, w: number, c: number,
  oh: number, ow: number, co: number,
  kh: number, kw: number, sh: number, sw: number,
  coStart: number, coEnd: number,
) => void;

interface FilterGradExports {
  filterGrad16: FilterGradFunction;
  filterGrad4: FilterGradFunction;
  filterGrad1: FilterGradFunction;
}

/** What the kernel needs to know of the convolution, for an input already padded so that every tap reads inside it. */
export interface FilterGradGeometry {
  batchSize: number;
  /** Height, width and channels of the padded input. */
  height: number;
  width: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
}

let compiled: WebAssembly.Module | undefined;
/** One instance per wasm backend (each worker thread has its own heap). */
const instances = new WeakMap<object, FilterGradExports>();

/**
 * The tfjs wasm heap. @tensorflow/tfjs-backend-wasm is pinned to an exact version, whose
 * Emscripten module keeps its memory at `wasm.asm.memory`; a different layout is a bug to
 * report, not a case to work around.
 */
function heapMemory(backend: WasmBackendLike): WebAssembly.Memory {
  const memory = (backend as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('the wasm backend does not expose its memory where kerasts expects it (wasm.asm.memory); is @tensorflow/tfjs-backend-wasm 4.22.0 installed?');
  }
  return memory;
}

function kernelsFor(backend: WasmBackendLike): FilterGradExports {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    compiled ??= new WebAssembly.Module(Buffer.from(FILTER_GRAD_WASM, 'base64'));
    const instance = new WebAssembly.Instance(compiled, { env: { memory: heapMemory(backend) } });
    kernels = instance.exports as unknown as FilterGradExports;
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Byte address of a tensor's values in the wasm heap. */
function address(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset;
}

/**
 * Writes the filter gradient dW [kh, kw, Cin, Cout] of a convolution into `out`, straight
 * from the padded NHWC input and dy in the wasm heap, with hand-written SIMD loops
 * (scripts/simd/filter-grad-wat.ts). XNNPACK has no such operation; phrased as one of its
 * convolutions or matrix products it needs a repacked copy of dy and an input transposed
 * batch-last, and ran at about half the speed of its forward convolution (~57 ms against
 * ~31 ms for an MNIST conv2 at 64 images; this kernel ~35 ms).
 */
export function filterGradient(backend: WasmBackendLike, x: tf.TensorInfo, dy: tf.TensorInfo, out: tf.TensorInfo, g: FilterGradGeometry): void {
  const kernels = kernelsFor(backend);
  const target = backend.typedArrayFromHeap(out) as Float32Array;
  target.fill(0);
  const args = [
    address(backend, x), address(backend, dy), target.byteOffset,
    g.batchSize, g.height, g.width, g.inChannels,
    g.outHeight, g.outWidth, g.outChannels,
    g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth,
  ] as const;
  // Output channels in blocks of 16, then of 4, then one at a time.
  const by16 = g.outChannels - (g.outChannels % 16);
  const by4 = g.outChannels - (g.outChannels % 4);
  kernels.filterGrad16(...args, 0, by16);
  kernels.filterGrad4(...args, by16, by4);
  kernels.filterGrad1(...args, by4, g.outChannels);
}
