import type * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from '../kernel-util.js';
import { BOUNDS_CHECKED, boundsChecked, recordTensor } from './bounds.js';
import { SIMD_KERNELS_WASM } from './kernels.generated.js';
import { CHANNEL_BLOCKS, type ChannelBlockWidth, type SimdKernels } from './table.js';

export type { SimdKernels } from './table.js';

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
    if (BOUNDS_CHECKED) kernels = boundsChecked(kernels, backend);
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Byte address of a tensor's values in the wasm heap (stable: the heap grows but never moves data). */
export function heapAddress(backend: WasmBackendLike, info: tf.TensorInfo): number {
  const view = backend.typedArrayFromHeap(info);
  if (BOUNDS_CHECKED) recordTensor(backend, view.byteOffset, view.byteLength);
  return view.byteOffset;
}

/**
 * How the channel-blocked kernels (filterGrad*, conv*) cover `channels` output channels:
 * blocks of 16, then of 4, then one at a time, as [block width, start, end] ranges.
 */
export function channelBlocks(channels: number): Array<[ChannelBlockWidth, number, number]> {
  let start = 0;
  return CHANNEL_BLOCKS.map(({ width }) => {
    const end = start + Math.floor((channels - start) / width) * width;
    const range: [ChannelBlockWidth, number, number] = [width, start, end];
    start = end;
    return range;
  });
}
