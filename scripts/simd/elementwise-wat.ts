// WebAssembly text of small memory-bound kernels: the data-parallel gradient combination
// (src/train/parallel/parallel-step.ts), sums over leading axes (src/backend/wasm/sum.ts) and
// ReLU's gradient (src/backend/wasm/relu-grad.ts).
import { watParams } from '../../src/backend/wasm/simd/table.js';
import { laneOps } from './wat-text.js';

/**
 * weightedSum(a, b, out, length, wa, wb): out[i] = a[i]*wa + b[i]*wb, four lanes at a time,
 * then the remainder one at a time.
 */
function weightedSum(): string {
  const pass = (vector: boolean) => {
    const s = vector ? 'V' : 'S';
    const { load, store, add, mul, step: width } = laneOps(vector);
    const at = (base: string) => `(i32.add (local.get $${base}) (local.get $at))`;
    return `
    (block $done${s} (loop $next${s}
      (br_if $done${s} (i32.gt_u (i32.add (local.get $at) (i32.const ${width})) (local.get $bytes)))
      (${store} ${at('out')} (${add} (${mul} (${load} ${at('a')}) (local.get $wa${s})) (${mul} (${load} ${at('b')}) (local.get $wb${s}))))
      (local.set $at (i32.add (local.get $at) (i32.const ${width})))
      (br $next${s})))`;
  };
  return `
  (func (export "weightedSum")
    ${watParams('weightedSum')}
    (local $bytes i32) (local $at i32) (local $waV v128) (local $wbV v128)
    (local.set $waV (f32x4.splat (local.get $waS)))
    (local.set $wbV (f32x4.splat (local.get $wbS)))
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $at (i32.const 0))${pass(true)}${pass(false)}
  )`;
}

/**
 * sumRows(x, out, rows, columns): out[c] = sum over r of x[r*columns + c], rows in order
 * (out is overwritten). Columns four at a time, then the remainder one at a time; `out`
 * (a bias's worth of floats) stays in cache while the rows stream past.
 */
function sumRows(): string {
  // Adds row $row into out from byte $at on: four columns at a time up to $vectorBytes, or one at a time to $rowBytes.
  const columns = (vector: boolean) => {
    const { load, store, add, step } = laneOps(vector);
    const s = vector ? 'V' : 'S';
    return `
      (block $done${s} (loop $next${s}
        (br_if $done${s} (i32.ge_u (local.get $at) (local.get $${vector ? 'vectorBytes' : 'rowBytes'})))
        (${store} (i32.add (local.get $out) (local.get $at))
          (${add} (${load} (i32.add (local.get $out) (local.get $at))) (${load} (i32.add (local.get $row) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const ${step})))
        (br $next${s})))`;
  };
  return `
  (func (export "sumRows")
    ${watParams('sumRows')}
    (local $rowBytes i32) (local $vectorBytes i32) (local $row i32) (local $at i32) (local $end i32)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
    (local.set $row (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (block $rowsDone (loop $nextRow
      (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $end)))
      (local.set $at (i32.const 0))${columns(true)}${columns(false)}
      (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
      (br $nextRow)))
  )`;
}

/**
 * reluGrad(dy, x, out, length): out[i] = dy[i] * step(x[i]), step being tfjs's: 1 where x > 0,
 * NaN where x is NaN, else 0. A multiply, not a select, so the result is bit for bit tfjs's
 * mul(dy, step(x)) (-0 where dy < 0 and x <= 0, NaN where dy is NaN). Four lanes at a time,
 * then the remainder one at a time.
 */
function reluGrad(): string {
  const pass = (vector: boolean) => {
    const s = vector ? 'V' : 'S';
    const { load, store, mul, step: width } = laneOps(vector);
    const at = (base: string) => `(i32.add (local.get $${base}) (local.get $at))`;
    const step = vector
      ? `(v128.or (v128.and (f32x4.gt (local.get $xV) (local.get $zeroV)) (local.get $oneV))
           (v128.and (f32x4.ne (local.get $xV) (local.get $xV)) (local.get $xV)))`
      : '(select (f32.const 1) (select (local.get $xS) (f32.const 0) (f32.ne (local.get $xS) (local.get $xS))) (f32.gt (local.get $xS) (f32.const 0)))';
    return `
    (block $done${s} (loop $next${s}
      (br_if $done${s} (i32.gt_u (i32.add (local.get $at) (i32.const ${width})) (local.get $bytes)))
      (local.set $x${s} (${load} ${at('x')}))
      (${store} ${at('out')} (${mul} (${load} ${at('dy')}) ${step}))
      (local.set $at (i32.add (local.get $at) (i32.const ${width})))
      (br $next${s})))`;
  };
  return `
  (func (export "reluGrad")
    ${watParams('reluGrad')}
    (local $bytes i32) (local $at i32) (local $xV v128) (local $xS f32) (local $zeroV v128) (local $oneV v128)
    (local.set $zeroV (f32x4.splat (f32.const 0)))
    (local.set $oneV (f32x4.splat (f32.const 1)))
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $at (i32.const 0))${pass(true)}${pass(false)}
  )`;
}

/** The exported functions weightedSum, sumRows and reluGrad. */
export function elementwiseWat(): string {
  return `${weightedSum()}\n${sumRows()}\n${reluGrad()}`;
}
