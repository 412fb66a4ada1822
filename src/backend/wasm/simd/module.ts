import type * as tf from '@tensorflow/tfjs';
import { setFlagsFromString } from 'node:v8';
import type { WasmBackendLike } from '../kernel-util.js';
import { BOUNDS_CHECKED, boundsChecked, recordTensor } from './bounds.js';
import { SIMD_KERNELS_RELAXED_WASM, SIMD_KERNELS_WASM } from './kernels.generated.js';
import { CHANNEL_BLOCKS, type ChannelBlockWidth, type SimdKernels } from './table.js';

export type { SimdKernels } from './table.js';

/** Which build of the kernels runs: relaxed SIMD (fused multiply-adds) or plain SIMD. */
export type SimdVariant = 'relaxed' | 'plain';

const BINARIES: Record<SimdVariant, string> = { relaxed: SIMD_KERNELS_RELAXED_WASM, plain: SIMD_KERNELS_WASM };
const compiled = new Map<SimdVariant, WebAssembly.Module>();
/** One instance per wasm backend and variant: each worker thread has its own heap. */
const instances = new WeakMap<object, Map<SimdVariant, SimdKernels>>();
let chosen: SimdVariant | undefined;

/**
 * The variant this process uses: KERASTS_SIMD=plain|relaxed when set (tests, the bench),
 * else relaxed when the runtime validates it (see `relaxedSimdSupported`), else plain.
 * Fixed at the first call.
 */
export function simdVariant(): SimdVariant {
  if (chosen === undefined) {
    const asked = process.env.KERASTS_SIMD;
    if (asked === 'plain' || asked === 'relaxed') chosen = asked;
    else chosen = relaxedSimdSupported() ? 'relaxed' : 'plain';
  }
  return chosen;
}

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/**
 * Whether this runtime runs the relaxed variant. Node 22 and later validate relaxed SIMD by
 * default. Node 20 has it behind --experimental-wasm-relaxed-simd, which V8 reads when a
 * module is validated, so it is switched on here (process-wide, worker threads included)
 * rather than asked of every user: the relaxed kernels were 20-35% faster than the plain ones
 * there. Node 22 no longer knows the flag (setting it would print an error), hence the version test.
 */
export function relaxedSimdSupported(): boolean {
  const binary = Buffer.from(SIMD_KERNELS_RELAXED_WASM, 'base64');
  if (WebAssembly.validate(binary)) return true;
  if (NODE_MAJOR >= 22) return false;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(binary);
}

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

function compileKernels(variant: SimdVariant): WebAssembly.Module {
  try {
    return new WebAssembly.Module(Buffer.from(BINARIES[variant], 'base64'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const needs = variant === 'relaxed' ? 'WebAssembly relaxed SIMD (Node.js 22, or 20 with --experimental-wasm-relaxed-simd)' : 'WebAssembly SIMD';
    throw new Error(`kerasts's wasm training kernels (${variant}) need ${needs}, which this Node.js or CPU does not provide (${why}); use --backend tensorflow or cpu`);
  }
}

/**
 * The SIMD module instantiated on `backend`'s heap, so its functions read and write tensors
 * in place. `variant` defaults to `simdVariant()`; tests pass it to check both builds.
 */
export function simdKernels(backend: WasmBackendLike, variant: SimdVariant = simdVariant()): SimdKernels {
  let byVariant = instances.get(backend);
  if (byVariant === undefined) {
    byVariant = new Map();
    instances.set(backend, byVariant);
  }
  let kernels = byVariant.get(variant);
  if (kernels === undefined) {
    let module = compiled.get(variant);
    if (module === undefined) {
      module = compileKernels(variant);
      compiled.set(variant, module);
    }
    kernels = new WebAssembly.Instance(module, { env: { memory: heapMemory(backend) } }).exports as unknown as SimdKernels;
    if (BOUNDS_CHECKED) kernels = boundsChecked(kernels, backend);
    byVariant.set(variant, kernels);
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

/** Switches this process to `variant` (tests check both builds; the choice is otherwise fixed at start-up). */
export function useSimdVariant(variant: SimdVariant): void {
  chosen = variant;
}
