// WebAssembly text of the Winograd F(4x4, 3x3) convolution kernel (see src/backend/wasm/winograd.ts):
// the F(2x2, 3x3) kernel of ./winograd-wat.ts with 4x4 output tiles from 6x6 input windows,
// 36 products per channel pair for 16 outputs (2.25 a pixel, against 4 for F(2x2, 3x3) and 9
// for the direct convolution). Each transform goes in two passes through a small scratch `t`
// of 36 v128 (along the rows, then along the columns), so that only 6 values are live at once.
import { bandEntry, inputTileColumns, tileWalk } from './winograd-band.js';
import { add, bytes, get, mul } from './wat-text.js';
import { gemm, load, plus, set, sub, v128Locals } from './winograd-wat.js';

export const scale = (factor: number, value: string) => `(f32x4.mul (v128.const f32x4 ${factor} ${factor} ${factor} ${factor}) ${value})`;
export const at = (base: string, offset: string | undefined) => (offset === undefined ? get(base) : add(get(base), get(offset)));

/** Bᵀ z for one line (z0..z5) of the 6x6 window. */
function inputLine(z: string[]): string[] {
  const [z0, z1, z2, z3, z4, z5] = z as [string, string, string, string, string, string];
  return [
    plus(sub(scale(4, z0), scale(5, z2)), z4),
    sub(plus(z3, z4), scale(4, plus(z1, z2))),
    plus(sub(z4, z3), scale(4, sub(z1, z2))),
    plus(sub(z4, z2), scale(2, sub(z3, z1))),
    sub(sub(z4, z2), scale(2, sub(z3, z1))),
    plus(sub(scale(4, z1), scale(5, z3)), z5),
  ];
}

/** Aᵀ z for one line (z0..z5) of a transformed tile. */
function outputLine(z: string[]): string[] {
  const [z0, z1, z2, z3, z4, z5] = z as [string, string, string, string, string, string];
  return [
    plus(plus(z0, plus(z1, z2)), plus(z3, z4)),
    plus(sub(z1, z2), scale(2, sub(z3, z4))),
    plus(plus(z1, z2), scale(4, plus(z3, z4))),
    plus(plus(sub(z1, z2), scale(8, sub(z3, z4))), z5),
  ];
}

export const range = (n: number) => [...Array(n).keys()];
/** Offsets 1..5 times a stride, as locals `${name}1`..: (local.set $name2 (stride * 2)) ... */
export const multiples = (name: string, stride: string) => range(5).map((i) => set(`${name}${i + 1}`, mul(stride, `(i32.const ${i + 1})`))).join('\n');
export const multipleLocals = (names: string[]) => names.flatMap((name) => range(5).map((i) => `(local $${name}${i + 1} i32)`)).join(' ');
export const off = (name: string, i: number) => (i === 0 ? undefined : `${name}${i}`);

/**
 * $wg4Window (`gather`): win[i][j][0..c) = x[img][r0 + i][c0 + j][0..c) for the 6x6 window at
 * row r0, column c0 (signed: they may start before the input), zeros where the window is off
 * the input: an edge tile's window, read by $wg4In as if from a padded input.
 * $wg4WindowScatter (`scatter`, for ./winograd4-input-grad-wat.ts): the inverse, writing win
 * back into x where that pixel is inside x.
 */
export function windowCopy(direction: 'gather' | 'scatter'): string {
  const inside = (at: string, size: string) => `(i32.lt_u ${at} ${get(size)})`;
  const gather = direction === 'gather';
  const pixel = gather ? 'src' : 'dst';
  const copy = gather ? `(v128.store ${get('q')} ${load(get('src'))})` : `(v128.store ${get('dst')} ${load(get('q'))})`;
  const outside = gather
    ? `
            (loop $zero
              (v128.store ${get('q')} (v128.const f32x4 0 0 0 0))
              (local.set $q ${add(get('q'), '(i32.const 16)')})
              (br_if $zero (i32.lt_u ${get('q')} ${get('end')})))))`
    : ` (local.set $q ${get('end')})))`;
  return `
  (func $wg4Window${gather ? '' : 'Scatter'} (param $x i32) (param $win i32) (param $img i32) (param $r0 i32) (param $c0 i32)
      (param $h i32) (param $wd i32) (param $c i32)
    (local $i i32) (local $j i32) (local $row i32) (local $col i32) (local $${pixel} i32) (local $q i32) (local $end i32)
    (local.set $q ${get('win')})
    (local.set $i (i32.const 0))
    (block $iDone (loop $iLoop
      (br_if $iDone (i32.ge_u ${get('i')} (i32.const 6)))
      (local.set $row ${add(get('r0'), get('i'))})
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_u ${get('j')} (i32.const 6)))
        (local.set $col ${add(get('c0'), get('j'))})
        (local.set $end ${add(get('q'), bytes(get('c')))})
        (if (i32.and ${inside(get('row'), 'h')} ${inside(get('col'), 'wd')})
          (then
            (local.set $${pixel} ${add(get('x'), bytes(mul(add(mul(add(mul(get('img'), get('h')), get('row')), get('wd')), get('col')), get('c'))))})
            (loop $copy
              ${copy}
              (local.set $${pixel} ${add(get(pixel), '(i32.const 16)')})
              (local.set $q ${add(get('q'), '(i32.const 16)')})
              (br_if $copy (i32.lt_u ${get('q')} ${get('end')}))))
          (else${outside}
        (local.set $j ${add(get('j'), '(i32.const 1)')})
        (br $jLoop)))
      (local.set $i ${add(get('i'), '(i32.const 1)')})
      (br $iLoop)))
  )`;
}

const fits = (start: string, size: string) => `(i32.and (i32.ge_s ${start} (i32.const 0)) (i32.le_s ${add(start, '(i32.const 6)')} ${get(size)}))`;
/** Whether the 6x6 window at row $r0, column $c0 lies inside x ($h x $wd). */
export const windowInside = `(i32.and ${fits(get('r0'), 'h')} ${fits(get('c0'), 'wd')})`;

/**
 * Sets $p and the row offsets $rb1..$rb5 for tile $tx's window, at input row $r0, column
 * 4*tx - padLeft: in x itself when the window lies inside it, else in the gathered copy $win
 * (./$wg4Window), so that no padded copy of x is needed.
 */
export function windowStart(): string {
  const c0 = `(i32.sub ${mul(get('tx'), '(i32.const 4)')} ${get('padLeft')})`;
  return `(local.set $c0 ${c0})
        (if ${windowInside}
          (then
            (local.set $p ${add(get('x'), bytes(mul(add(mul(add(mul(get('img'), get('h')), get('r0')), get('wd')), get('c0')), get('c'))))})
            (local.set $rowStride ${bytes(mul(get('wd'), get('c')))}))
          (else
            (call $wg4Window ${['x', 'win', 'img', 'r0', 'c0', 'h', 'wd', 'c'].map(get).join(' ')})
            (local.set $p ${get('win')})
            (local.set $rowStride ${bytes(mul(get('c'), '(i32.const 6)'))})))
        ${multiples('rb', get('rowStride'))}`;
}

/**
 * $wg4In: V[k][t][cc..cc+3] = (Bᵀ d B)[k] for tile t of band rows [ty0, ty0 + rows), counted
 * over all images (row g is tile row g % tilesH of image g / tilesH: a band may span images),
 * d the 6x6 window at row 4*ty - padTop, column 4*tx - padLeft of x (zeros off x).
 */
function inputTransform(): string {
  // Pass 1: row i of the window, Bᵀ along it, into t[i][*].
  const rowPass = range(6).map((i) => [
    set('row', i === 0 ? get('p') : add(get('p'), get(`rb${i}`))),
    ...range(6).map((j) => set(`z${j}`, load(at('row', off('cb', j))))),
    ...inputLine(range(6).map((j) => get(`z${j}`))).map((value, j) => `(v128.store offset=${(i * 6 + j) * 16} ${get('t')} ${value})`),
  ].join('\n'));
  // Pass 2: column j of t, Bᵀ along it, into V[i*6 + j].
  const columnPass = range(6).map((j) => [
    set('qj', j === 0 ? get('q') : add(get('q'), get(`vk${j}`))),
    ...range(6).map((i) => set(`z${i}`, load(get('t'), (i * 6 + j) * 16))),
    ...inputLine(range(6).map((i) => get(`z${i}`))).map((value, i) => `(v128.store ${at('qj', off('vr', i))} ${value})`),
  ].join('\n'));
  return `
  (func $wg4In (param $x i32) (param $v i32) (param $t i32) (param $win i32) (param $tilesH i32) (param $ty0 i32) (param $rows i32)
      (param $h i32) (param $wd i32) (param $c i32) (param $tilesW i32) (param $vk i32) (param $padTop i32) (param $padLeft i32)
    (local $r i32) (local $tx i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32) (local $row i32) (local $img i32)
    (local $r0 i32) (local $c0 i32) (local $rowStride i32)
    ${multipleLocals(['rb', 'cb', 'vk', 'vr'])}
    ${v128Locals(range(6).map((i) => `z${i}`))}
    ${multiples('cb', bytes(get('c')))}
    ${multiples('vk', get('vk'))}
    ${multiples('vr', mul(get('vk'), '(i32.const 6)'))}
    (local.set $q ${get('v')})
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u ${get('r')} ${get('rows')}))
      (local.set $img (i32.div_u ${add(get('ty0'), get('r'))} ${get('tilesH')}))
      (local.set $r0 (i32.sub ${mul(`(i32.rem_u ${add(get('ty0'), get('r'))} ${get('tilesH')})`, '(i32.const 4)')} ${get('padTop')}))
      ${inputTileColumns(windowStart(), [...rowPass, ...columnPass].join('\n'))}
      (local.set $r ${add(get('r'), '(i32.const 1)')})
      (br $rLoop)))
  )`;
}

/**
 * $wg4Out: out[img][4*ty + i][4*tx + j][cc..] = (Aᵀ M A)[i][j] (+ bias, then max(0, ·) when
 * `relu`) for the tiles of band rows [ty0, ty0 + rows) (counted as in $wg4In), leaving out the rows and columns of a
 * tile past the output's last.
 */
function outputTransform(): string {
  // Pass 1: column j of M, Aᵀ down it, into t[i][j] (i < 4).
  const columnPass = range(6).map((j) => [
    set('qj', j === 0 ? get('q') : add(get('q'), get(`mk${j}`))),
    ...range(6).map((i) => set(`z${i}`, load(at('qj', off('mr', i))))),
    ...outputLine(range(6).map((i) => get(`z${i}`))).map((value, i) => `(v128.store offset=${(i * 6 + j) * 16} ${get('t')} ${value})`),
  ].join('\n'));
  const finish = (value: string) => {
    const biased = `(if (result v128) ${get('hasBias')} (then ${plus(value, load(add(get('bias'), get('cc'))))}) (else ${value}))`;
    return `(if (result v128) ${get('relu')} (then (f32x4.max ${biased} (v128.const f32x4 0 0 0 0))) (else ${biased}))`;
  };
  // Pass 2: row i of t, Aᵀ along it, into output row 4*ty + i where it exists.
  const rowPass = range(4).map((i) => {
    const stores = outputLine(range(6).map((j) => get(`z${j}`))).map((value, j) => {
      const store = `(v128.store ${at('row', off('ob', j))} ${finish(value)})`;
      return j === 0 ? store : `(if (i32.gt_u ${get('cols')} (i32.const ${j})) (then ${store}))`;
    });
    return `(if (i32.gt_u ${get('rowsLeft')} (i32.const ${i})) (then
      ${set('row', add(add(get('p'), get('cc')), mul(get('rowBytes'), `(i32.const ${i})`)))}
      ${range(6).map((j) => set(`z${j}`, load(get('t'), (i * 6 + j) * 16))).join('\n')}
      ${stores.join('\n')}))`;
  });
  return `
  (func $wg4Out (param $m i32) (param $t i32) (param $bias i32) (param $out i32) (param $tilesH i32) (param $ty0 i32) (param $rows i32)
      (param $oh i32) (param $ow i32) (param $co i32) (param $tilesW i32) (param $mk i32) (param $hasBias i32) (param $relu i32)
    (local $r i32) (local $tx i32) (local $y i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32) (local $row i32) (local $img i32)
    (local $rowBytes i32) (local $coBytes i32) (local $rowsLeft i32) (local $cols i32)
    ${multipleLocals(['mk', 'mr', 'ob'])}
    ${v128Locals(range(6).map((i) => `z${i}`))}
    ${multiples('mk', get('mk'))}
    ${multiples('mr', mul(get('mk'), '(i32.const 6)'))}
    ${multiples('ob', bytes(get('co')))}
    (local.set $coBytes ${bytes(get('co'))})
    (local.set $rowBytes ${mul(get('ow'), get('coBytes'))})
    ${tileWalk(4, 'm', 'out', [...columnPass, ...rowPass].join('\n'), false)}
  )`;
}

/**
 * The exported winograd4(x, u, bias, out, v, m, t, win, n, h, wd, c, oh, ow, co, padTop,
 * padLeft, bandRows, hasBias, relu): as winograd (./winograd-wat.ts) with 4x4 tiles, x read
 * unpadded (as if padTop rows and padLeft columns of zeros were before it, and zeros past its
 * end), u = G g Gᵀ [36, c, co], v and m [36, bandRows * ceil(ow/4), c] and [.., co], t 36
 * v128 and win 36 * c floats of scratch.
 */
function entry(): string {
  return bandEntry({
    name: 'winograd4',
    tile: 4,
    outStride: 'mk',
    calls: `(call $wg4In ${['x', 'v', 't', 'win', 'tilesH', 'ty0', 'rows', 'h', 'wd', 'c', 'tilesW', 'vk', 'padTop', 'padLeft'].map(get).join(' ')})
        (local.set $next (call $wg4Gemm16 ${['v', 'u', 'm', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('mk')}))
        (drop (call $wg4Gemm4 ${['v', 'u', 'm', 'tiles', 'c', 'co', 'next', 'vk', 'mk'].map(get).join(' ')}))
        (call $wg4Out ${['m', 't', 'bias', 'out', 'tilesH', 'ty0', 'rows', 'oh', 'ow', 'co', 'tilesW', 'mk', 'hasBias', 'relu'].map(get).join(' ')})`,
  });
}

/** The F(4x4, 3x3) kernel and its helpers (`relaxed`: the products with fused multiply-adds). */
export function winograd4Wat(relaxed: boolean): string {
  return [windowCopy('gather'), inputTransform(), gemm(4, relaxed, 36, 'wg4'), gemm(1, relaxed, 36, 'wg4'), outputTransform(), entry()].join('\n');
}
