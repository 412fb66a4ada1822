// WebAssembly text of the Winograd F(4x4, 3x3) convolution kernel (see src/backend/wasm/winograd.ts):
// the F(2x2, 3x3) kernel of ./winograd-wat.ts with 4x4 output tiles from 6x6 input windows,
// 36 products per channel pair for 16 outputs (2.25 a pixel, against 4 for F(2x2, 3x3) and 9
// for the direct convolution). Each transform goes in two passes through a small scratch `t`
// of 36 v128 (along the rows, then along the columns), so that only 6 values are live at once.
import { bandEntry, inputTileColumns, tileWalk } from './winograd-band.js';
import { add, bytes, get, mul } from './wat-text.js';
import { gemm, load, plus, set, sub, v128Locals } from './winograd-wat.js';

const scale = (factor: number, value: string) => `(f32x4.mul (v128.const f32x4 ${factor} ${factor} ${factor} ${factor}) ${value})`;
const at = (base: string, offset: string | undefined) => (offset === undefined ? get(base) : add(get(base), get(offset)));

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

const range = (n: number) => [...Array(n).keys()];
/** Offsets 1..5 times a stride, as locals `${name}1`..: (local.set $name2 (stride * 2)) ... */
const multiples = (name: string, stride: string) => range(5).map((i) => set(`${name}${i + 1}`, mul(stride, `(i32.const ${i + 1})`))).join('\n');
const multipleLocals = (names: string[]) => names.flatMap((name) => range(5).map((i) => `(local $${name}${i + 1} i32)`)).join(' ');
const off = (name: string, i: number) => (i === 0 ? undefined : `${name}${i}`);

/**
 * $wg4In: V[k][t][cc..cc+3] = (Bᵀ d B)[k] for tile t of band rows [ty0, ty0 + rows), counted
 * over all images (row g is tile row g % tilesH of image g / tilesH: a band may span images),
 * d the 6x6 window at input row 4*ty, column 4*tx.
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
  const inputRow = add(mul(get('img'), get('h')), mul(get('ty'), '(i32.const 4)'));
  return `
  (func $wg4In (param $x i32) (param $v i32) (param $t i32) (param $tilesH i32) (param $ty0 i32) (param $rows i32)
      (param $h i32) (param $wd i32) (param $c i32) (param $tilesW i32) (param $vk i32)
    (local $r i32) (local $tx i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32) (local $row i32) (local $img i32) (local $ty i32)
    ${multipleLocals(['rb', 'cb', 'vk', 'vr'])}
    ${v128Locals(range(6).map((i) => `z${i}`))}
    ${multiples('rb', bytes(mul(get('wd'), get('c'))))}
    ${multiples('cb', bytes(get('c')))}
    ${multiples('vk', get('vk'))}
    ${multiples('vr', mul(get('vk'), '(i32.const 6)'))}
    (local.set $q ${get('v')})
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u ${get('r')} ${get('rows')}))
      (local.set $img (i32.div_u ${add(get('ty0'), get('r'))} ${get('tilesH')}))
      (local.set $ty (i32.rem_u ${add(get('ty0'), get('r'))} ${get('tilesH')}))
      ${inputTileColumns(4, inputRow, [...rowPass, ...columnPass].join('\n'))}
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
 * The exported winograd4(x, u, bias, out, v, m, t, n, h, wd, c, oh, ow, co, bandRows, hasBias,
 * relu): as winograd (./winograd-wat.ts) with 4x4 tiles: x padded to at least
 * 4*ceil(oh/4) + 2 rows and 4*ceil(ow/4) + 2 columns, u = G g Gᵀ [36, c, co], v and m
 * [36, bandRows * ceil(ow/4), c] and [.., co], t 36 v128 of scratch.
 */
function entry(): string {
  return bandEntry({
    name: 'winograd4',
    tile: 4,
    outStride: 'mk',
    calls: `(call $wg4In ${['x', 'v', 't', 'tilesH', 'ty0', 'rows', 'h', 'wd', 'c', 'tilesW', 'vk'].map(get).join(' ')})
        (local.set $next (call $wg4Gemm16 ${['v', 'u', 'm', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('mk')}))
        (drop (call $wg4Gemm4 ${['v', 'u', 'm', 'tiles', 'c', 'co', 'next', 'vk', 'mk'].map(get).join(' ')}))
        (call $wg4Out ${['m', 't', 'bias', 'out', 'tilesH', 'ty0', 'rows', 'oh', 'ow', 'co', 'tilesW', 'mk', 'hasBias', 'relu'].map(get).join(' ')})`,
  });
}

/** The F(4x4, 3x3) kernel and its helpers (`relaxed`: the products with fused multiply-adds). */
export function winograd4Wat(relaxed: boolean): string {
  return [inputTransform(), gemm(4, relaxed, 36, 'wg4'), gemm(1, relaxed, 36, 'wg4'), outputTransform(), entry()].join('\n');
}
