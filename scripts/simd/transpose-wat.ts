// WebAssembly text of the batched 2-D transpose (src/backend/wasm/transpose.ts): NHWC <-> NCHW,
// the transposes tfjs-layers wraps around every channels-first convolution, and 2-D matrices.
import { watParams } from '../../src/backend/wasm/simd/table.js';

/** Byte address of element (row, col) of a matrix of `width` floats a row starting at `base`. */
const cell = (base: string, row: string, col: string, width: string) =>
  `(i32.add (local.get $${base}) (i32.shl (i32.add (i32.mul ${row} (local.get $${width})) ${col}) (i32.const 2)))`;

/** Lane pairs for i8x16.shuffle: float lanes a..d of (first operand 0-3, second 4-7). */
const lanes = (...picks: number[]) => picks.flatMap((lane) => [0, 1, 2, 3].map((byte) => lane * 4 + byte)).join(' ');

/**
 * The 4x4 block at (i, j): rows i..i+3 loaded as four vectors, transposed with shuffles,
 * stored as rows j..j+3 of the output.
 */
function block(): string {
  const load = (k: number) => `(local.set $r${k} (v128.load ${cell('src', `(i32.add (local.get $i) (i32.const ${k}))`, '(local.get $j)', 'cols')}))`;
  const shuffle = (to: string, a: string, b: string, picks: number[]) => `(local.set $${to} (i8x16.shuffle ${lanes(...picks)} (local.get $${a}) (local.get $${b})))`;
  const store = (k: number, from: string) => `(v128.store ${cell('dst', `(i32.add (local.get $j) (i32.const ${k}))`, '(local.get $i)', 'rows')} (local.get $${from}))`;
  return [
    load(0), load(1), load(2), load(3),
    shuffle('t0', 'r0', 'r1', [0, 4, 1, 5]), shuffle('t1', 'r0', 'r1', [2, 6, 3, 7]),
    shuffle('t2', 'r2', 'r3', [0, 4, 1, 5]), shuffle('t3', 'r2', 'r3', [2, 6, 3, 7]),
    shuffle('r0', 't0', 't2', [0, 1, 4, 5]), shuffle('r1', 't0', 't2', [2, 3, 6, 7]),
    shuffle('r2', 't1', 't3', [0, 1, 4, 5]), shuffle('r3', 't1', 't3', [2, 3, 6, 7]),
    store(0, 'r0'), store(1, 'r1'), store(2, 'r2'), store(3, 'r3'),
  ].join('\n          ');
}

/** One element: out[j][i] = x[i][j]. */
const single = `(f32.store ${cell('dst', '(local.get $j)', '(local.get $i)', 'rows')} (f32.load ${cell('src', '(local.get $i)', '(local.get $j)', 'cols')}))`;

/** A loop of `name` over `index` from `from` while index + step <= `limit`. */
function loop(name: string, index: string, from: string, step: number, limit: string, body: string): string {
  return `(local.set $${index} ${from})
      (block $${name}Done (loop $${name}
        (br_if $${name}Done (i32.gt_u (i32.add (local.get $${index}) (i32.const ${step})) (local.get $${limit})))
        ${body}
        (local.set $${index} (i32.add (local.get $${index}) (i32.const ${step})))
        (br $${name})))`;
}

/**
 * transpose2d(x, out, batches, rows, cols): for each of `batches` matrices of rows x cols
 * floats, out[b][j][i] = x[b][i][j]. 4x4 blocks where both indices have four left, then the
 * last columns of the blocked rows, then the last rows whole, one value at a time. A copy:
 * the values are moved bit for bit.
 */
function transpose2d(): string {
  const vectorRows = '(i32.and (local.get $rows) (i32.const -4))';
  const vectorCols = '(i32.and (local.get $cols) (i32.const -4))';
  return `
  (func (export "transpose2d")
    ${watParams('transpose2d')}
    (local $b i32) (local $i i32) (local $j i32) (local $src i32) (local $dst i32) (local $matrixBytes i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $matrixBytes (i32.shl (i32.mul (local.get $rows) (local.get $cols)) (i32.const 2)))
    (local.set $src (local.get $x))
    (local.set $dst (local.get $out))
    (local.set $b (i32.const 0))
    (block $batchesDone (loop $batch
      (br_if $batchesDone (i32.ge_u (local.get $b) (local.get $batches)))
      ${loop('blockRows', 'i', '(i32.const 0)', 4, 'rows', `${loop('blockCols', 'j', '(i32.const 0)', 4, 'cols', block())}
        ;; the columns past the last 4-block, for these four rows
        ${loop('tailCols0', 'j', vectorCols, 1, 'cols', `${single}
          (local.set $i (i32.add (local.get $i) (i32.const 1))) ${single}
          (local.set $i (i32.add (local.get $i) (i32.const 1))) ${single}
          (local.set $i (i32.add (local.get $i) (i32.const 1))) ${single}
          (local.set $i (i32.sub (local.get $i) (i32.const 3)))`)}`)}
      ${loop('tailRows', 'i', vectorRows, 1, 'rows', loop('tailRowCols', 'j', '(i32.const 0)', 1, 'cols', single))}
      (local.set $src (i32.add (local.get $src) (local.get $matrixBytes)))
      (local.set $dst (i32.add (local.get $dst) (local.get $matrixBytes)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $batch)))
  )`;
}

export function transposeWat(): string {
  return transpose2d();
}
