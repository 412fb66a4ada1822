// WebAssembly text of the batched matrix transpose (see src/backend/wasm/transpose.ts).
import { watParams } from '../../src/backend/wasm/simd/table.js';
import { add, get } from './wat-text.js';

/** i8x16.shuffle of two f32x4 vectors, picking f32 lanes (0-3 from the first, 4-7 from the second). */
const pick = (lanes: number[], a: string, b: string) =>
  `(i8x16.shuffle ${lanes.flatMap((lane) => [0, 1, 2, 3].map((byte) => lane * 4 + byte)).join(' ')} ${a} ${b})`;

/**
 * One 4x4 block: rows $src, $src+rowBytes, ... of x become columns at $dst, $dst+colBytes, ...
 * of out, through two rounds of shuffles (pairs of rows interleaved, then pairs of pairs).
 */
const block = () => {
  const row = (i: number) => `(v128.load ${i === 0 ? get('src') : add(get('src'), get(`rowBytes${i}`))})`;
  const dst = (i: number) => (i === 0 ? get('dst') : add(get('dst'), get(`colBytes${i}`)));
  return `
          (local.set $v0 ${row(0)}) (local.set $v1 ${row(1)}) (local.set $v2 ${row(2)}) (local.set $v3 ${row(3)})
          (local.set $t0 ${pick([0, 4, 1, 5], get('v0'), get('v1'))})
          (local.set $t1 ${pick([2, 6, 3, 7], get('v0'), get('v1'))})
          (local.set $t2 ${pick([0, 4, 1, 5], get('v2'), get('v3'))})
          (local.set $t3 ${pick([2, 6, 3, 7], get('v2'), get('v3'))})
          (v128.store ${dst(0)} ${pick([0, 1, 4, 5], get('t0'), get('t2'))})
          (v128.store ${dst(1)} ${pick([2, 3, 6, 7], get('t0'), get('t2'))})
          (v128.store ${dst(2)} ${pick([0, 1, 4, 5], get('t1'), get('t3'))})
          (v128.store ${dst(3)} ${pick([2, 3, 6, 7], get('t1'), get('t3'))})`;
};

/** out[c][r] = x[r][c] for r in [$r, $rEnd) and c in [$c, cols), one float at a time. */
const scalarRest = (label: string) => `
        (local.set $i ${get('r')})
        (block $${label}RowsDone (loop $${label}Row
          (br_if $${label}RowsDone (i32.ge_u ${get('i')} ${get('rEnd')}))
          (local.set $j ${get('c')})
          (block $${label}ColsDone (loop $${label}Col
            (br_if $${label}ColsDone (i32.ge_u ${get('j')} ${get('cols')}))
            (f32.store (i32.add ${get('ob')} (i32.shl (i32.add (i32.mul ${get('j')} ${get('rows')}) ${get('i')}) (i32.const 2)))
              (f32.load (i32.add ${get('xb')} (i32.shl (i32.add (i32.mul ${get('i')} ${get('cols')}) ${get('j')}) (i32.const 2)))))
            (local.set $j (i32.add ${get('j')} (i32.const 1)))
            (br $${label}Col)))
          (local.set $i (i32.add ${get('i')} (i32.const 1)))
          (br $${label}Row)))`;

/** Columns per pass over the rows: the output rows a pass writes (this many, of `rows` floats) stay in L1. */
const COLUMN_BLOCK = 64;

/**
 * The exported function transposeRows(x, out, batches, rows, cols): each of `batches`
 * row-major [rows, cols] matrices of x is written transposed, [cols, rows], to out. Blocks
 * of 4x4 in SIMD, COLUMN_BLOCK columns at a time down all the rows; then the last columns
 * and rows that do not fill a block, one float at a time.
 */
export function transposeWat(): string {
  return `
  (func (export "transposeRows")
    ${watParams('transposeRows')}
    (local $b i32) (local $r i32) (local $c i32) (local $i i32) (local $j i32) (local $rEnd i32) (local $cb i32) (local $cbEnd i32)
    (local $rows4 i32) (local $cols4 i32) (local $xb i32) (local $ob i32) (local $src i32) (local $dst i32)
    (local $rowBytes1 i32) (local $rowBytes2 i32) (local $rowBytes3 i32) (local $colBytes1 i32) (local $colBytes2 i32) (local $colBytes3 i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes1 (i32.shl ${get('cols')} (i32.const 2)))
    (local.set $rowBytes2 (i32.shl ${get('rowBytes1')} (i32.const 1)))
    (local.set $rowBytes3 (i32.add ${get('rowBytes2')} ${get('rowBytes1')}))
    (local.set $colBytes1 (i32.shl ${get('rows')} (i32.const 2)))
    (local.set $colBytes2 (i32.shl ${get('colBytes1')} (i32.const 1)))
    (local.set $colBytes3 (i32.add ${get('colBytes2')} ${get('colBytes1')}))
    (local.set $rows4 (i32.and ${get('rows')} (i32.const -4)))
    (local.set $cols4 (i32.and ${get('cols')} (i32.const -4)))
    (local.set $xb ${get('x')})
    (local.set $ob ${get('out')})
    (local.set $b (i32.const 0))
    (block $batchesDone (loop $batch
      (br_if $batchesDone (i32.ge_u ${get('b')} ${get('batches')}))
      (local.set $cb (i32.const 0))
      (block $columnBlocksDone (loop $columnBlock
        (br_if $columnBlocksDone (i32.ge_u ${get('cb')} ${get('cols4')}))
        (local.set $cbEnd (i32.add ${get('cb')} (i32.const ${COLUMN_BLOCK})))
        (local.set $cbEnd (select ${get('cbEnd')} ${get('cols4')} (i32.lt_u ${get('cbEnd')} ${get('cols4')})))
        (local.set $r (i32.const 0))
        (block $bandsDone (loop $band
          (br_if $bandsDone (i32.ge_u ${get('r')} ${get('rows4')}))
          (local.set $src (i32.add ${get('xb')} (i32.add (i32.mul ${get('r')} ${get('rowBytes1')}) (i32.shl ${get('cb')} (i32.const 2)))))
          (local.set $dst (i32.add ${get('ob')} (i32.add (i32.mul ${get('cb')} ${get('colBytes1')}) (i32.shl ${get('r')} (i32.const 2)))))
          (local.set $c ${get('cb')})
          (block $blocksDone (loop $nextBlock
            (br_if $blocksDone (i32.ge_u ${get('c')} ${get('cbEnd')}))${block()}
            (local.set $src (i32.add ${get('src')} (i32.const 16)))
            (local.set $dst (i32.add ${get('dst')} (i32.shl ${get('colBytes1')} (i32.const 2))))
            (local.set $c (i32.add ${get('c')} (i32.const 4)))
            (br $nextBlock)))
          (local.set $r (i32.add ${get('r')} (i32.const 4)))
          (br $band)))
        (local.set $cb ${get('cbEnd')})
        (br $columnBlock)))
      (local.set $r (i32.const 0))
      (local.set $rEnd ${get('rows4')})
      (local.set $c ${get('cols4')})${scalarRest('lastColumns')}
      (local.set $r ${get('rows4')})
      (local.set $rEnd ${get('rows')})
      (local.set $c (i32.const 0))${scalarRest('lastRows')}
      (local.set $xb (i32.add ${get('xb')} (i32.mul ${get('rows')} ${get('rowBytes1')})))
      (local.set $ob (i32.add ${get('ob')} (i32.mul ${get('rows')} ${get('rowBytes1')})))
      (local.set $b (i32.add ${get('b')} (i32.const 1)))
      (br $batch)))
  )`;
}
