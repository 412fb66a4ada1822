// WebAssembly text of the matrix-product kernels (see src/backend/wasm/gemm.ts).
import { watParams } from '../../src/backend/wasm/simd/table.js';
import { add, bytes, get, laneOps, mul } from './wat-text.js';

/**
 * Register tile of `gemm`: rows of the result, and f32x4 vectors of columns per row, in its
 * widest column block. x86 has 16 vector registers: 2x4 keeps 8 accumulators, 4 loaded
 * vectors of B and 2 splats in them (2x4 ran at ~23 GMAC/s on the dense layers' products,
 * 4x2 at ~20, 3x4 and 4x3 at ~16: they spill).
 */
export const GEMM_TILE = { rows: 2, vectors: 4 } as const;
/** Register tile of `gemmNT`: rows of A times rows of B (result columns); 2x4 beat 1x4, 3x4 and 4x4. */
export const GEMM_NT_TILE = { rows: 2, columns: 4 } as const;

const range = (count: number) => [...Array(count).keys()];
const min = (a: string, b: string) => `(select ${a} ${b} (i32.lt_u ${a} ${b}))`;

/**
 * The tile rows $r0.. of the result a tile starting at row $m0 computes: m0 + i, clamped to
 * the last row (a short last tile recomputes that row; the copies hold equal values).
 */
const tileRows = (rows: number) => range(rows).map((i) => `(local.set $r${i} ${min(add(get('m0'), `(i32.const ${i})`), `(i32.sub ${get('m')} (i32.const 1))`)})`).join('\n');

/**
 * One column block of `gemm` within the depth slice [$kb, $kEnd) and the row tile $r0..:
 * columns from $j on, `vectors` f32x4 (or one f32 when `vectors` is 0) at a time, while a
 * whole block fits:
 *   c[r][j..] = (first slice ? bias or 0 : c[r][j..]) + sum over the slice of A(r, kk) * b[kk][j..]
 * then ReLU after the last slice when asked.
 */
function gemmColumns(rows: number, vectors: number, relaxed: boolean): string {
  const vector = vectors > 0;
  const ops = laneOps(vector, relaxed);
  const width = vector ? vectors * 4 : 1;
  const v = range(vector ? vectors : 1);
  const r = range(rows);
  const s = `${width}`;
  // The f32 block's registers are named apart from the v128 ones ("s": scalar).
  const p = vector ? '' : 's';
  const acc = (i: number, q: number) => `$${p}acc${i}_${q}`;
  const cAt = (i: number) => add(get('c'), bytes(add(mul(get(`r${i}`), get('n')), get('j'))));
  const init = r.flatMap((i) => v.map((q) => `(local.set ${acc(i, q)} (if (result ${ops.type}) (i32.eqz ${get('kb')})
      (then (if (result ${ops.type}) ${get('hasBias')} (then (${ops.load} offset=${q * ops.step} ${add(get('bias'), bytes(get('j')))})) (else ${ops.zero})))
      (else (${ops.load} offset=${q * ops.step} ${cAt(i)}))))`));
  const finish = (value: string) => `(if (result ${ops.type}) ${get('finish')} (then (${ops.max} ${value} ${ops.zero})) (else ${value}))`;
  return `
    (block $cols${s}Done (loop $cols${s}
      (br_if $cols${s}Done (i32.gt_u ${add(get('j'), `(i32.const ${width})`)} ${get('n')}))
          ${r.map((i) => `(local.set $ap${i} ${add(get('a'), add(mul(get(`r${i}`), get('rowBytes')), mul(get('kb'), get('depthBytes'))))})`).join('\n')}
          (local.set $bp ${add(get('b'), bytes(add(mul(get('kb'), get('n')), get('j'))))})
          ${init.join('\n')}
          (local.set $t (i32.sub ${get('kEnd')} ${get('kb')}))
          (loop $depth${s}
            ${v.map((q) => `(local.set $${p}d${q} (${ops.load} offset=${q * ops.step} ${get('bp')}))`).join('\n')}
            ${r.map((i) => [`(local.set $${p}s (${ops.splat} ${get(`ap${i}`)}))`, ...v.map((q) => `(local.set ${acc(i, q)} ${ops.madd(get(`${p}s`), get(`${p}d${q}`), get(acc(i, q).slice(1)))})`)].join('\n')).join('\n')}
            ${r.map((i) => `(local.set $ap${i} ${add(get(`ap${i}`), get('depthBytes'))})`).join('\n')}
            (local.set $bp ${add(get('bp'), get('bRowBytes'))})
            (local.set $t (i32.sub ${get('t')} (i32.const 1)))
            (br_if $depth${s} ${get('t')}))
          ${r.flatMap((i) => v.map((q) => `(${ops.store} offset=${q * ops.step} ${cAt(i)} ${finish(get(acc(i, q).slice(1)))})`)).join('\n')}
      (local.set $j ${add(get('j'), `(i32.const ${width})`)})
      (br $cols${s})))`;
}

/**
 * gemm(a, b, bias, c, m, n, k, aT, kc, hasBias, relu): c[m][n] = op(A)·b (+ bias[n], then
 * max(0, ·) when `relu`), b row-major [k, n], A [m, k] or, with `aT`, [k, m] (a dense layer's
 * xᵀ·dy, read along its rows: no transpose pass). Columns in blocks of 4·vectors, then 4,
 * then 1. Needs m, n, k >= 1 and kc >= 1.
 */
function gemm(relaxed: boolean): string {
  const { rows, vectors } = GEMM_TILE;
  const accs = (p: string, type: string, count: number) => range(rows).flatMap((i) => range(count).map((q) => `(local $${p}acc${i}_${q} ${type})`));
  return `
  (func (export "gemm")
    ${watParams('gemm')}
    (local $j i32) (local $kb i32) (local $kEnd i32) (local $finish i32) (local $m0 i32) (local $t i32) (local $bp i32)
    (local $rowBytes i32) (local $depthBytes i32) (local $bRowBytes i32)
    ${range(rows).map((i) => `(local $r${i} i32) (local $ap${i} i32)`).join(' ')}
    ${accs('', 'v128', vectors).join(' ')} ${range(vectors).map((q) => `(local $d${q} v128)`).join(' ')} (local $s v128)
    ${accs('s', 'f32', 1).join(' ')} (local $sd0 f32) (local $ss f32)
    (if (i32.or (i32.or (i32.eqz ${get('m')}) (i32.eqz ${get('n')})) (i32.eqz ${get('k')})) (then (return)))
    (if (i32.eqz ${get('kc')}) (then (local.set $kc ${get('k')})))
    ;; Bytes between A's rows and along its depth.
    (local.set $rowBytes (select (i32.const 4) ${bytes(get('k'))} ${get('aT')}))
    (local.set $depthBytes (select ${bytes(get('m'))} (i32.const 4) ${get('aT')}))
    (local.set $bRowBytes ${bytes(get('n'))})
    ;; Slices outermost, then row tiles: a slice of B (kc x n, sized by the caller to stay
    ;; in L1) passes every row tile of A, whose rows of the result are written whole.
    (local.set $kb (i32.const 0))
    (loop $slice
      (local.set $kEnd ${min(add(get('kb'), get('kc')), get('k'))})
      (local.set $finish (i32.and ${get('relu')} (i32.eq ${get('kEnd')} ${get('k')})))
      (local.set $m0 (i32.const 0))
      (loop $tile
        ${tileRows(rows)}
        (local.set $j (i32.const 0))
        ${gemmColumns(rows, vectors, relaxed)}
        ${vectors > 1 ? gemmColumns(rows, 1, relaxed) : ''}
        ${gemmColumns(rows, 0, relaxed)}
        (local.set $m0 ${add(get('m0'), `(i32.const ${rows})`)})
        (br_if $tile (i32.lt_u ${get('m0')} ${get('m')})))
      (local.set $kb ${get('kEnd')})
      (br_if $slice (i32.lt_u ${get('kb')} ${get('k')})))
  )`;
}

/** f32x4 lanes `lanes` of the pair (x, y) (lanes 4-7 are y's), as an i8x16.shuffle. */
const shuffle = (x: string, y: string, lanes: number[]) => `(i8x16.shuffle ${lanes.flatMap((l) => range(4).map((b) => 4 * l + b)).join(' ')} ${x} ${y})`;

/**
 * The four lane sums of four vectors w, x, y, z as one vector [Σw, Σx, Σy, Σz]: pairs of
 * lanes are added across the vectors twice.
 */
function laneSums4(w: string, x: string, y: string, z: string): string {
  const half = (p: string, q: string) => `(f32x4.add ${shuffle(p, q, [0, 4, 1, 5])} ${shuffle(p, q, [2, 6, 3, 7])})`;
  return `(local.set $h0 ${half(w, x)}) (local.set $h1 ${half(y, z)})
    (f32x4.add ${shuffle(get('h0'), get('h1'), [0, 1, 4, 5])} ${shuffle(get('h0'), get('h1'), [2, 3, 6, 7])})`;
}

/** The sum of the four lanes of `x`, as an f32. */
function laneSum(x: string): string {
  return `(local.set $h0 (f32x4.add ${x} ${shuffle(x, x, [2, 3, 0, 1])}))
    (f32x4.extract_lane 0 (f32x4.add ${get('h0')} ${shuffle(get('h0'), get('h0'), [1, 0, 3, 2])}))`;
}

/**
 * One column block of `gemmNT`: `columns` (4 or 1) result columns from $j on, for every
 * row tile; each result is the dot product of a row of A and a row of B, four depths at a
 * time in the lanes of an accumulator (a remainder of depth one at a time in lane 0), summed
 * across lanes at the end.
 */
function gemmNTColumns(rows: number, columns: number, relaxed: boolean): string {
  const ops = laneOps(true, relaxed);
  const r = range(rows);
  const q = range(columns);
  const s = `${columns}`;
  const acc = (i: number, c: number) => `acc${i}_${c}`;
  const step = (load: string, by: number) => `
            ${r.map((i) => `(local.set $va${i} (${load} ${get(`ap${i}`)}))`).join('\n')}
            ${q.map((c) => [`(local.set $vb (${load} ${get(`bp${c}`)}))`, ...r.map((i) => `(local.set $${acc(i, c)} ${ops.madd(get(`va${i}`), get('vb'), get(acc(i, c)))})`)].join('\n')).join('\n')}
            ${[...r.map((i) => `ap${i}`), ...q.map((c) => `bp${c}`)].map((p) => `(local.set $${p} ${add(get(p), `(i32.const ${by})`)})`).join('\n')}`;
  const cAt = (i: number) => add(get('c'), bytes(add(mul(get(`r${i}`), get('n')), get('j'))));
  const biasAt = add(get('bias'), bytes(get('j')));
  const store = (i: number) => {
    if (columns === 1) {
      return `(local.set $out1 (f32.add ${laneSum(get(acc(i, 0)))} (if (result f32) ${get('hasBias')} (then (f32.load ${biasAt})) (else (f32.const 0)))))
          (f32.store ${cAt(i)} (if (result f32) ${get('relu')} (then (f32.max ${get('out1')} (f32.const 0))) (else ${get('out1')})))`;
    }
    return `(local.set $out4 (f32x4.add ${laneSums4(get(acc(i, 0)), get(acc(i, 1)), get(acc(i, 2)), get(acc(i, 3)))} (if (result v128) ${get('hasBias')} (then (v128.load ${biasAt})) (else ${ops.zero}))))
          (v128.store ${cAt(i)} (if (result v128) ${get('relu')} (then (f32x4.max ${get('out4')} ${ops.zero})) (else ${get('out4')})))`;
  };
  return `
    (block $cols${s}Done (loop $cols${s}
      (br_if $cols${s}Done (i32.gt_u ${add(get('j'), `(i32.const ${columns})`)} ${get('n')}))
      ${q.map((c) => `(local.set $bp${c} ${add(get('b'), mul(add(get('j'), `(i32.const ${c})`), get('kBytes')))})`).join('\n')}
      (local.set $m0 (i32.const 0))
      (loop $tile${s}
        ${tileRows(rows)}
        ${r.map((i) => `(local.set $ap${i} ${add(get('a'), mul(get(`r${i}`), get('kBytes')))})`).join('\n')}
        ${r.flatMap((i) => q.map((c) => `(local.set $${acc(i, c)} ${ops.zero})`)).join('\n')}
        (local.set $t (i32.shr_u ${get('k')} (i32.const 2)))
        (if ${get('t')} (then (loop $depth${s}
          ${step('v128.load', 16)}
          (local.set $t (i32.sub ${get('t')} (i32.const 1)))
          (br_if $depth${s} ${get('t')}))))
        (local.set $t (i32.and ${get('k')} (i32.const 3)))
        (if ${get('t')} (then (loop $rest${s}
          ${step('v128.load32_zero', 4)}
          (local.set $t (i32.sub ${get('t')} (i32.const 1)))
          (br_if $rest${s} ${get('t')}))))
        ${r.map(store).join('\n')}
        ;; Back to the start of this block's rows of B for the next row tile.
        ${q.map((c) => `(local.set $bp${c} (i32.sub ${get(`bp${c}`)} ${get('kBytes')}))`).join('\n')}
        (local.set $m0 ${add(get('m0'), `(i32.const ${rows})`)})
        (br_if $tile${s} (i32.lt_u ${get('m0')} ${get('m')})))
      (local.set $j ${add(get('j'), `(i32.const ${columns})`)})
      (br $cols${s})))`;
}

/**
 * gemmNT(a, b, bias, c, m, n, k, hasBias, relu): c[m][n] = a·bᵀ (+ bias[n], then max(0, ·)
 * when `relu`), a [m, k] and b [n, k] both read along their rows (a dense layer's dy·Wᵀ, with
 * no transpose pass). Result columns 4 at a time, then 1.
 */
function gemmNT(relaxed: boolean): string {
  const { rows, columns } = GEMM_NT_TILE;
  return `
  (func (export "gemmNT")
    ${watParams('gemmNT')}
    (local $j i32) (local $m0 i32) (local $t i32) (local $kBytes i32)
    ${range(rows).map((i) => `(local $r${i} i32) (local $ap${i} i32) (local $va${i} v128)`).join(' ')}
    ${range(columns).map((c) => `(local $bp${c} i32)`).join(' ')} (local $vb v128)
    ${range(rows).flatMap((i) => range(columns).map((c) => `(local $acc${i}_${c} v128)`)).join(' ')}
    (local $h0 v128) (local $h1 v128) (local $out4 v128) (local $out1 f32)
    (if (i32.or (i32.or (i32.eqz ${get('m')}) (i32.eqz ${get('n')})) (i32.eqz ${get('k')})) (then (return)))
    (local.set $kBytes ${bytes(get('k'))})
    (local.set $j (i32.const 0))
    ${gemmNTColumns(rows, columns, relaxed)}
    ${gemmNTColumns(rows, 1, relaxed)}
  )`;
}

/** The exported functions gemm and gemmNT (`relaxed`: with fused multiply-adds). */
export function gemmWat(relaxed: boolean): string {
  return `${gemm(relaxed)}\n${gemmNT(relaxed)}`;
}
