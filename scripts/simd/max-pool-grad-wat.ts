// WebAssembly text of the 2x2, stride-2 max-pool gradient (see src/backend/wasm/max-pool-grad.ts).
import { watParams } from '../../src/backend/wasm/simd/table.js';

/** Byte address of candidate `p`'s channel block in tensor `base` (x or dx). */
const at = (base: string, p: string) => `(i32.add (i32.add (local.get $${base}) (local.get $${p})) (local.get $d))`;

/**
 * One window, four channels at a time (`vector`) or one. The windows do not overlap, so each
 * input pixel gets either its window's dy or zero. The candidates p0..p3 are in row-major
 * order and a later one wins only if greater, so the first maximum wins, as in the forward
 * pass and on cpu (NaN never wins).
 */
function channels(vector: boolean): string {
  if (!vector) {
    return `
          (block $doneS (loop $nextS
            (br_if $doneS (i32.ge_u (local.get $d) (local.get $pixelBytes)))
            (local.set $best (local.get $p0))
            (local.set $m (f32.load ${at('x', 'p0')}))
            (if (f32.gt (f32.load ${at('x', 'p1')}) (local.get $m)) (then (local.set $best (local.get $p1)) (local.set $m (f32.load ${at('x', 'p1')}))))
            (if (f32.gt (f32.load ${at('x', 'p2')}) (local.get $m)) (then (local.set $best (local.get $p2)) (local.set $m (f32.load ${at('x', 'p2')}))))
            (if (f32.gt (f32.load ${at('x', 'p3')}) (local.get $m)) (then (local.set $best (local.get $p3))))
            (f32.store ${at('dx', 'p0')} (f32.const 0))
            (f32.store ${at('dx', 'p1')} (f32.const 0))
            (f32.store ${at('dx', 'p2')} (f32.const 0))
            (f32.store ${at('dx', 'p3')} (f32.const 0))
            (f32.store ${at('dx', 'best')} (f32.load (i32.add (local.get $o) (local.get $d))))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $nextS)))`;
  }
  return `
          (block $doneV (loop $nextV
            (br_if $doneV (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $pixelBytes)))
            (local.set $x0 (v128.load ${at('x', 'p0')}))
            (local.set $c1 (f32x4.gt (v128.load ${at('x', 'p1')}) (local.get $x0)))
            (local.set $mv (v128.bitselect (v128.load ${at('x', 'p1')}) (local.get $x0) (local.get $c1)))
            (local.set $c2 (f32x4.gt (v128.load ${at('x', 'p2')}) (local.get $mv)))
            (local.set $mv (v128.bitselect (v128.load ${at('x', 'p2')}) (local.get $mv) (local.get $c2)))
            (local.set $c3 (f32x4.gt (v128.load ${at('x', 'p3')}) (local.get $mv)))
            (local.set $g (v128.load (i32.add (local.get $o) (local.get $d))))
            ;; The winner: 3 if c3, else 2 if c2, else 1 if c1, else 0.
            (v128.store ${at('dx', 'p3')} (v128.and (local.get $g) (local.get $c3)))
            (v128.store ${at('dx', 'p2')} (v128.and (local.get $g) (v128.andnot (local.get $c2) (local.get $c3))))
            (local.set $later (v128.or (local.get $c3) (local.get $c2)))
            (v128.store ${at('dx', 'p1')} (v128.and (local.get $g) (v128.andnot (local.get $c1) (local.get $later))))
            (v128.store ${at('dx', 'p0')} (v128.andnot (local.get $g) (v128.or (local.get $later) (local.get $c1))))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $nextV)))`;
}

/**
 * The exported function maxPoolGrad2x2(x, dy, dx, n, inH, inW, ch, outH, outW). It writes
 * every input position a window covers; positions no window covers (an odd last row or
 * column) are left alone, so the caller zeroes dx first when there are any.
 */
export function maxPoolGradWat(): string {
  return `
  (func (export "maxPoolGrad2x2")
    ${watParams('maxPoolGrad2x2')}
    (local $b i32) (local $r i32) (local $c i32) (local $d i32) (local $o i32) (local $pixelBytes i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $best i32) (local $m f32)
    (local $x0 v128) (local $mv v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $g v128) (local $later v128)
    (local.set $pixelBytes (i32.shl (local.get $ch) (i32.const 2)))
    (local.set $o (local.get $dy))
    (local.set $b (i32.const 0))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $r (i32.const 0))
      (block $rDone (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $r) (local.get $outH)))
        (local.set $c (i32.const 0))
        (block $cDone (loop $cLoop
          (br_if $cDone (i32.ge_u (local.get $c) (local.get $outW)))
          ;; Byte offsets (in x and in dx) of the window's four pixels.
          (local.set $p0 (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (i32.shl (local.get $r) (i32.const 1))) (local.get $inW)) (i32.shl (local.get $c) (i32.const 1))) (local.get $pixelBytes)))
          (local.set $p1 (i32.add (local.get $p0) (local.get $pixelBytes)))
          (local.set $p2 (i32.add (local.get $p0) (i32.mul (local.get $inW) (local.get $pixelBytes))))
          (local.set $p3 (i32.add (local.get $p2) (local.get $pixelBytes)))
          (local.set $d (i32.const 0))${channels(true)}${channels(false)}
          (local.set $o (i32.add (local.get $o) (local.get $pixelBytes)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $cLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop)))
  )`;
}
