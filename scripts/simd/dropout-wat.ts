// WebAssembly text of the counter-based dropout (src/backend/wasm/dropout.ts): the mask of
// src/spec/layers/dropout.ts's fillDropoutMask, hashed in place and multiplied in, never stored.
import { watParams } from '../../src/backend/wasm/simd/table.js';

/** The instructions of one lane width: i32x4 and f32x4 vectors, or single i32 and f32 values. */
function ops(vector: boolean) {
  const i = vector ? 'i32x4' : 'i32';
  const int = (value: number) => (vector ? `(v128.const i32x4 ${value} ${value} ${value} ${value})` : `(i32.const ${value})`);
  return {
    mul: (a: string, b: number) => `(${i}.mul ${a} ${int(b)})`,
    add: (a: string, b: number) => `(${i}.add ${a} ${int(b)})`,
    xor: (a: string, b: string) => (vector ? `(v128.xor ${a} ${b})` : `(i32.xor ${a} ${b})`),
    shr: (a: string, bits: number) => `(${i}.shr_u ${a} (i32.const ${bits}))`,
    rotl: (a: string, bits: number) => (vector ? `(v128.or (i32x4.shl ${a} (i32.const ${bits})) (i32x4.shr_u ${a} (i32.const ${32 - bits})))` : `(i32.rotl ${a} (i32.const ${bits}))`),
    int,
  };
}

/**
 * MurmurHash3 of (the row's state, element `e`), finished for 4 words: counter-hash.ts's
 * finish(absorb(rowState, e), 4), into $hV (four lanes) or $hS (`e` and `state` are expressions).
 */
function hashInto(vector: boolean, state: string, e: string): string {
  const o = ops(vector);
  const local = vector ? '$hV' : '$hS';
  const h = `(local.get ${local})`;
  return [
    `(local.set ${local} ${o.mul(o.rotl(o.mul(e, 0xcc9e2d51 | 0), 15), 0x1b873593)})`,
    `(local.set ${local} ${o.add(o.mul(o.rotl(o.xor(state, h), 13), 5), 0xe6546b64 | 0)})`,
    `(local.set ${local} ${o.xor(h, o.int(16))})`,
    `(local.set ${local} ${o.xor(h, o.shr(h, 16))})`,
    `(local.set ${local} ${o.mul(h, 0x85ebca6b | 0)})`,
    `(local.set ${local} ${o.xor(h, o.shr(h, 13))})`,
    `(local.set ${local} ${o.mul(h, 0xc2b2ae35 | 0)})`,
    `(local.set ${local} ${o.xor(h, o.shr(h, 16))})`,
  ].join('\n        ');
}

/** One row's elements, four at a time (`vector`, lanes e..e+3) or one: out = x * (kept ? scale : 0). */
function elements(vector: boolean): string {
  const s = vector ? 'V' : 'S';
  const width = vector ? 4 : 1;
  const kept = vector
    ? '(v128.and (i32x4.ge_s (i32x4.shr_u (local.get $hV) (i32.const 8)) (local.get $thresholdV)) (local.get $scaleV))'
    : '(select (local.get $scaleS) (f32.const 0) (i32.ge_s (i32.shr_u (local.get $hS) (i32.const 8)) (local.get $threshold)))';
  const e = vector ? '(local.get $eV)' : '(local.get $e)';
  const state = vector ? '(local.get $stateV)' : '(local.get $state)';
  const type = vector ? 'v128' : 'f32';
  return `
      (block $done${s} (loop $next${s}
        (br_if $done${s} (i32.gt_u (i32.add (local.get $e) (i32.const ${width})) (local.get $rowSize)))
        ${hashInto(vector, state, e)}
        (${type}.store (i32.add (local.get $out) (local.get $at)) (${vector ? 'f32x4' : 'f32'}.mul (${type}.load (i32.add (local.get $x) (local.get $at))) ${kept}))
        (local.set $e (i32.add (local.get $e) (i32.const ${width})))
        ${vector ? '(local.set $eV (i32x4.add (local.get $eV) (v128.const i32x4 4 4 4 4)))' : ''}
        (local.set $at (i32.add (local.get $at) (i32.const ${width * 4})))
        (br $next${s})))`;
}

/**
 * dropoutMask(x, out, rows, rowSize, prefix, firstRow, threshold, scale): element e of row r is
 * kept (times scale) when finish(absorb(absorb(prefix, firstRow + r), e), 4) >>> 8 >= threshold,
 * else zero; x and out are rows * rowSize floats (out may be x). `prefix` is the state after
 * the layer and step words. A multiply, as tf.mul(x, mask) is, so -0 and NaN come out the same.
 */
function dropoutMask(): string {
  const o = ops(false);
  return `
  (func (export "dropoutMask")
    ${watParams('dropoutMask')}
    (local $r i32) (local $e i32) (local $at i32) (local $state i32) (local $stateV v128) (local $eV v128)
    (local $thresholdV v128) (local $scaleV v128) (local $hV v128) (local $hS i32)
    (local.set $thresholdV (i32x4.splat (local.get $threshold)))
    (local.set $scaleV (f32x4.splat (local.get $scaleS)))
    (local.set $at (i32.const 0))
    (local.set $r (i32.const 0))
    (block $rowsDone (loop $nextRow
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      ;; absorb(prefix, firstRow + r)
      (local.set $state ${o.add(o.mul(o.rotl(o.xor('(local.get $prefix)', o.mul(o.rotl(o.mul('(i32.add (local.get $firstRow) (local.get $r))', 0xcc9e2d51 | 0), 15), 0x1b873593)), 13), 5), 0xe6546b64 | 0)})
      (local.set $stateV (i32x4.splat (local.get $state)))
      (local.set $e (i32.const 0))
      (local.set $eV (v128.const i32x4 0 1 2 3))${elements(true)}${elements(false)}
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $nextRow)))
  )`;
}

export function dropoutWat(): string {
  return dropoutMask();
}
