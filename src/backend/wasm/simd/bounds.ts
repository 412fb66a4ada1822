import { EXPORTS, SIGNATURES, type Region, type SimdKernels } from './table.js';

/**
 * Whether every SIMD kernel call checks that the addresses it touches lie inside the tensors
 * it was given. On in `npm test` (scripts/run-tests.mjs sets KERASTS_SIMD_BOUNDS=1), off in
 * production: the check costs a map lookup per pointer per call, and a wrong address there is a
 * kerasts bug, not a user mistake.
 */
export const BOUNDS_CHECKED = process.env.KERASTS_SIMD_BOUNDS === '1';

/** Byte lengths of the tensors handed out by `heapAddress`, by address, per heap. */
const tensorBytes = new WeakMap<object, Map<number, number>>();

/** Records that `bytes` bytes from `address` belong to one tensor (latest wins: the heap reuses addresses). */
export function recordTensor(heap: object, address: number, bytes: number): void {
  let known = tensorBytes.get(heap);
  if (known === undefined) {
    known = new Map();
    tensorBytes.set(heap, known);
  }
  known.set(address, bytes);
}

/** Thrown when a kernel call would touch memory outside the tensors it was given. */
export class KernelBoundsError extends Error {}

function checkRegion(call: string, param: string, address: number, region: Region, known: Map<number, number> | undefined): void {
  if (region.last.some((index) => index < 0)) return;
  const bad = region.last.findIndex((index, axis) => index >= region.dims[axis]!);
  if (bad >= 0) {
    throw new KernelBoundsError(`${call}: ${param} index ${region.last[bad]} along axis ${bad} is outside its size ${region.dims[bad]} (dims [${region.dims}])`);
  }
  const needed = region.dims.reduce((product, size) => product * size, 4);
  const available = known?.get(address);
  if (available === undefined) throw new KernelBoundsError(`${call}: ${param} (address ${address}) is not the address of a tensor`);
  if (needed > available) {
    throw new KernelBoundsError(`${call}: ${param} spans ${needed} bytes ([${region.dims}] floats) but its tensor has ${available}`);
  }
}

/** `kernels` with every call checked against the tensors recorded for `heap`. */
export function boundsChecked(kernels: SimdKernels, heap: object): SimdKernels {
  const checked: Record<string, (...args: number[]) => void> = {};
  for (const [exported, name] of EXPORTS) {
    const raw = kernels[exported] as unknown as (...args: number[]) => void;
    const params = SIGNATURES[name].params;
    checked[exported] = (...args: number[]) => {
      if (args.length !== params.length) throw new KernelBoundsError(`${exported}: ${args.length} arguments for ${params.length} parameters`);
      const named = Object.fromEntries(params.map(([param], i) => [param, args[i]!]));
      const regions = (SIGNATURES[name].regions as (a: Record<string, number>, e: string) => Record<string, Region>)(named, exported);
      for (const [param, region] of Object.entries(regions)) checkRegion(exported, param, named[param]!, region, tensorBytes.get(heap));
      raw(...args);
    };
  }
  return checked as unknown as SimdKernels;
}
