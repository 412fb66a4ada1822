import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../kernel-util.js';
import { SIMD_KERNELS_WASM } from './kernels.generated.js';

type FilterGradFunction = (
  x: number, dy: number, dw: number,
  n: number, h: number, w: number, c: number,
  oh: number, ow: number, co: number,
  kh: number, kw: number, sh: number, sw: number,
  coStart: number, coEnd: number,
) => void;

type ConvFunction = (
  x: number, w: number, bias: number, out: number,
  n: number, h: number, wd: number, c: number,
  oh: number, ow: number, co: number,
  kh: number, kw: number, sh: number, sw: number,
  coStart: number, coEnd: number, hasBias: number, relu: number,
) => void;

/** The functions of kerasts's SIMD module (scripts/simd/*.ts); addresses are bytes in the tfjs heap. */
export interface SimdKernels {
  filterGrad16: FilterGradFunction;
  filterGrad4: FilterGradFunction;
  filterGrad1: FilterGradFunction;
  conv16: ConvFunction;
  conv4: ConvFunction;
  conv1: ConvFunction;
  maxPoolGrad2x2(x: number, dy: number, dx: number, n: number, inHeight: number, inWidth: number, channels: number, outHeight: number, outWidth: number): void;
  weightedSum(a: number, b: number, out: number, length: number, weightA: number, weightB: number): void;
  sumRows(x: number, out: number, rows: number, columns: number): void;
  adadelta(p: number, a: number, d: number, g: number, pOut: number, aOut: number, dOut: number, length: number, rho: number, keep: number, epsilon: number, learningRate: number): void;
}

let compiled: WebAssembly.Module | undefined;
/** One instance per wasm backend: each worker thread has its own heap. */
const instances = new WeakMap<object, SimdKernels>();

/**
 * The tfjs wasm heap. @tensorflow/tfjs-backend-wasm is pinned to an exact version, whose
 * Emscripten module keeps its memory at `wasm.asm.memory`; another layout is a bug to
 * report, not a case to work around.
 */
function heapMemory(backend: WasmBackendLike): WebAssembly.Memory {
  const memory = (backend as unknown as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('the wasm backend does not expose its memory where kerasts expects it (wasm.asm.memory); is @tensorflow/tfjs-backend-wasm 4.22.0 installed?');
  }
  return memory;
}

function compileKernels(): WebAssembly.Module {
  try {
    return new WebAssembly.Module(Buffer.from(SIMD_KERNELS_WASM, 'base64'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`kerasts's wasm training kernels need WebAssembly SIMD, which this Node.js or CPU does not provide (${why}); use --backend tensorflow or cpu`);
  }
}

/** The SIMD module instantiated on `backend`'s heap, so its functions read and write tensors in place. */
export function simdKernels(backend: WasmBackendLike): SimdKernels {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    compiled ??= compileKernels();
    kernels = new WebAssembly.Instance(compiled, { env: { memory: heapMemory(backend) } }).exports as unknown as SimdKernels;
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Byte address of a tensor's values in the wasm heap (stable: the heap grows but never moves data). */
export function heapAddress(backend: WasmBackendLike, info: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset;
}

/**
 * How the channel-blocked kernels (filterGrad*, conv*) cover `channels` output channels:
 * blocks of 16, then of 4, then one at a time, as [block width, start, end] ranges.
 */
export function channelBlocks(channels: number): Array<[16 | 4 | 1, number, number]> {
  const by16 = channels - (channels % 16);
  const by4 = channels - (channels % 4);
  return [[16, 0, by16], [4, by16, by4], [1, by4, channels]];
}
