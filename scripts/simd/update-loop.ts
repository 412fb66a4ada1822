// The element loop and function frame shared by the fused optimizer updates
// (adadelta-wat.ts, rmsprop-wat.ts, adam-wat.ts): every float array is read and written at
// the same byte offset $at, four lanes at a time, then the remainder one at a time.
import { watParams, type SignatureName } from '../../src/backend/wasm/simd/table.js';
import { laneOps } from './wat-text.js';

/** What an update's step is written with: the lane width's instructions, its locals ($nameV or $nameS) and array elements. */
export interface LaneStep {
  /** f32x4 or f32. */
  t: string;
  load: string;
  store: string;
  local: (name: string) => string;
  /** The element at $at of the array whose base address is parameter `base`. */
  at: (base: string) => string;
  /** The locals' suffix: V or S. */
  s: string;
}

/** One pass over the arrays, four lanes at a time (`vector`) or one; `step` writes one element step's instructions. */
export function laneLoop(vector: boolean, step: (ops: LaneStep) => string): string {
  const { float: t, load, store, step: width } = laneOps(vector);
  const s = vector ? 'V' : 'S';
  const local = (name: string) => `(local.get $${name}${s})`;
  const at = (base: string) => `(i32.add (local.get $${base}) (local.get $at))`;
  return `
    (block $done${s} (loop $next${s}
      (br_if $done${s} (i32.gt_u (i32.add (local.get $at) (i32.const ${width})) (local.get $bytes)))
      ${step({ t, load, store, local, at, s })}
      (local.set $at (i32.add (local.get $at) (i32.const ${width})))
      (br $next${s})))`;
}

/** (local.set $nameV (f32x4.splat (local.get $nameS))): a scalar parameter repeated in every lane. */
export const splat = (name: string) => `(local.set $${name}V (f32x4.splat (local.get $${name}S)))`;

/**
 * The exported function `name` (its parameters from table.ts, $length floats per array): its
 * `locals` and `setup` lines, then `step` over the arrays in four lanes and in one.
 */
export function updateFunction(name: SignatureName, locals: string[], setup: string[], step: (ops: LaneStep) => string): string {
  return `
  (func (export "${name}")
    ${watParams(name)}
    (local $bytes i32) (local $at i32)
    ${[...locals, ...setup].join('\n    ')}
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $at (i32.const 0))${laneLoop(true, step)}${laneLoop(false, step)}
  )`;
}
