// WebAssembly text of the Winograd F(2x2, 3x3) convolution kernel (see src/backend/wasm/winograd.ts).
//
// A stride-1 3x3 convolution computes each 2x2 block of output pixels ("tile") from the 4x4
// input window under it as Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A: 16 products per channel pair
// instead of 36. Over all channels the element-wise product becomes 16 matrix products
// M_k = V_k · U_k ([tiles x C] · [C x Co], k = one of the 16 positions of the 4x4 window),
// with V = Bᵀ d B per tile and channel and U = G g Gᵀ (the transformed filter, made by the
// caller). Channels are the inner NHWC axis, so both transforms work on 4 channels per v128.
// The kernel goes through a band of tile rows at a time (transform the input into the scratch
// V, the 16 products into the scratch M, transform back into the output), so that V, M and
// the products' operands stay in cache.
import { bandEntry, inputTileColumns, paddedWindowStart, tileWalk } from './winograd-band.js';
import { add, bytes, get, mul, pairTile } from './wat-text.js';

export const load = (at: string, offset = 0) => `(v128.load offset=${offset} ${at})`;
export const sub = (a: string, b: string) => `(f32x4.sub ${a} ${b})`;
export const plus = (a: string, b: string) => `(f32x4.add ${a} ${b})`;
export const set = (name: string, value: string) => `(local.set $${name} ${value})`;
export const v128Locals = (names: string[]) => names.map((n) => `(local $${n} v128)`).join(' ');
const grid = (prefix: string) => [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => `${prefix}${i}${j}`));

/** Bᵀ z for one column (z0..z3) of the 4x4 window: (z0 - z2, z1 + z2, z2 - z1, z1 - z3). */
const inputRows = (z: string[]) => [sub(z[0]!, z[2]!), plus(z[1]!, z[2]!), sub(z[2]!, z[1]!), sub(z[1]!, z[3]!)];

/**
 * $wgIn: V[k][t][cc..cc+3] = (Bᵀ d B)[k] for tile t of band rows [ty0, ty0 + rows) of image
 * img, where d is the 4x4 window at input row 2*ty, column 2*tx. `vk` is the byte stride
 * between the 16 planes of V (tiles * c * 4).
 */
function inputTransform(): string {
  const t = grid('t');
  const column = ['(i32.const 0)', get('cb1'), get('cb2'), get('cb3')];
  // t = d B (along each row of the window), then Bᵀ t (along each column).
  const rowPass = [0, 1, 2, 3].map((i) => {
    const loads = [0, 1, 2, 3].map((j) => set(`d${j}`, load(j === 0 ? get('row') : add(get('row'), column[j]!))));
    const values = inputRows([0, 1, 2, 3].map((j) => get(`d${j}`)));
    return [set('row', i === 0 ? get('p') : add(get('p'), get(`rb${i}`))), ...loads, ...values.map((value, j) => set(`t${i}${j}`, value))].join('\n');
  });
  const columnPass = [0, 1, 2, 3].map((j) => [
    set('qj', j === 0 ? get('q') : add(get('q'), get(`vk${j}`))),
    ...inputRows([0, 1, 2, 3].map((i) => get(`t${i}${j}`))).map((value, i) => `(v128.store ${i === 0 ? get('qj') : add(get('qj'), get(`vk${i * 4}`))} ${value})`),
  ].join('\n'));
  // Input row 2*(ty0 + r) of image img.
  const two = '(i32.const 2)';
  const inputRow = add(mul(get('img'), get('h')), mul(add(get('ty0'), get('r')), two));
  const offsets = [1, 2, 3].map((i) => [
    set(`rb${i}`, mul(get('rowBytes'), `(i32.const ${i})`)),
    set(`cb${i}`, bytes(mul(get('c'), `(i32.const ${i})`))),
    set(`vk${i}`, mul(get('vk'), `(i32.const ${i})`)),
    set(`vk${i * 4}`, mul(get('vk'), `(i32.const ${i * 4})`)),
  ].join('\n'));
  return `
  (func $wgIn (param $x i32) (param $v i32) (param $img i32) (param $ty0 i32) (param $rows i32)
      (param $h i32) (param $wd i32) (param $c i32) (param $tilesW i32) (param $vk i32)
    (local $r i32) (local $tx i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32) (local $row i32) (local $rowBytes i32)
    ${[1, 2, 3].map((i) => `(local $rb${i} i32) (local $cb${i} i32) (local $vk${i} i32) (local $vk${i * 4} i32)`).join(' ')}
    ${v128Locals(['d0', 'd1', 'd2', 'd3', ...t])}
    (local.set $rowBytes ${bytes(mul(get('wd'), get('c')))})
    ${offsets.join('\n')}
    (local.set $q ${get('v')})
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u ${get('r')} ${get('rows')}))
      ${inputTileColumns(paddedWindowStart(2, inputRow), [...rowPass, ...columnPass].join('\n'))}
      (local.set $r ${add(get('r'), '(i32.const 1)')})
      (br $rLoop)))
  )`;
}

/**
 * $wgGemm<block>: M[k][t][cob..] = sum over cc of V[k][t][cc] * U[k][cc][cob..] for every k
 * of the `positions` of a tile's window (16 for F(2x2, 3x3); $wg4Gemm..: 36 for F(4x4, 3x3)),
 * every tile t < tiles (two at a time, an odd last one paired with itself) and output-channel
 * blocks of `block` from coStart while they fit below co.
 */
export function gemm(accumulators: 4 | 1, relaxed: boolean, positions = 16, prefix = 'wg'): string {
  const block = 4 * accumulators;
  const tile = pairTile(true, accumulators, relaxed);
  return `
  (func $${prefix}Gemm${block} (param $v i32) (param $u i32) (param $m i32) (param $tiles i32) (param $c i32) (param $co i32)
      (param $coStart i32) (param $vk i32) (param $mk i32) (result i32)
    (local $k i32) (local $cob i32) (local $t0 i32) (local $t1 i32) (local $n i32)
    (local $vp0 i32) (local $vp1 i32) (local $up i32) (local $mp0 i32) (local $mp1 i32) (local $uRow i32)
    ${tile.locals}
    (local.set $uRow ${bytes(get('co'))})
    (local.set $k (i32.const 0))
    (block $kDone (loop $kLoop
      (br_if $kDone (i32.ge_u ${get('k')} (i32.const ${positions})))
      (local.set $cob ${get('coStart')})
      (block $coDone (loop $coLoop
        (br_if $coDone (i32.gt_u ${add(get('cob'), `(i32.const ${block})`)} ${get('co')}))
        (local.set $t0 (i32.const 0))
        (block $tDone (loop $tLoop
          (br_if $tDone (i32.ge_u ${get('t0')} ${get('tiles')}))
          (local.set $t1 (select ${add(get('t0'), '(i32.const 1)')} ${get('t0')} (i32.lt_u ${add(get('t0'), '(i32.const 1)')} ${get('tiles')})))
          ${[...Array(accumulators).keys()].map((i) => `(local.set $a${i} (v128.const f32x4 0 0 0 0)) (local.set $b${i} (v128.const f32x4 0 0 0 0))`).join('\n')}
          (local.set $vp0 ${add(add(get('v'), mul(get('k'), get('vk'))), bytes(mul(get('t0'), get('c'))))})
          (local.set $vp1 ${add(add(get('v'), mul(get('k'), get('vk'))), bytes(mul(get('t1'), get('c'))))})
          (local.set $up ${add(get('u'), bytes(add(mul(mul(get('k'), get('c')), get('co')), get('cob'))))})
          (local.set $n ${get('c')})
          (loop $cLoop
            ${tile.step('up', 'vp0', 'vp1')}
            (local.set $vp0 ${add(get('vp0'), '(i32.const 4)')})
            (local.set $vp1 ${add(get('vp1'), '(i32.const 4)')})
            (local.set $up ${add(get('up'), get('uRow'))})
            (local.set $n (i32.sub ${get('n')} (i32.const 1)))
            (br_if $cLoop ${get('n')}))
          (local.set $mp0 ${add(add(get('m'), mul(get('k'), get('mk'))), bytes(add(mul(get('t0'), get('co')), get('cob'))))})
          (local.set $mp1 ${add(add(get('m'), mul(get('k'), get('mk'))), bytes(add(mul(get('t1'), get('co')), get('cob'))))})
          ${tile.store('mp0', 'mp1')}
          (local.set $t0 ${add(get('t0'), '(i32.const 2)')})
          (br $tLoop)))
        (local.set $cob ${add(get('cob'), `(i32.const ${block})`)})
        (br $coLoop)))
      (local.set $k ${add(get('k'), '(i32.const 1)')})
      (br $kLoop)))
    ${get('cob')}
  )`;
}

/** Aᵀ z for one column (z0..z3) of a transformed tile: (z0 + z1 + z2, z1 - z2 - z3). */
const outputRows = (z: string[]) => [plus(plus(z[0]!, z[1]!), z[2]!), sub(sub(z[1]!, z[2]!), z[3]!)];

/**
 * $wgOut: out[img][2*ty + i][2*tx + j][cc..] = (Aᵀ M A)[i][j] (+ bias, then max(0, ·) when
 * `relu`) for the tiles of band rows [ty0, ty0 + rows); a tile's second row or column is left
 * out where it would fall past the output's last (odd output sizes).
 */
function outputTransform(): string {
  const s = ['s00', 's01', 's02', 's03', 's10', 's11', 's12', 's13'];
  // s = Aᵀ M (down each column), then the outputs s Aᵀ... along each row.
  const columns = [0, 1, 2, 3].map((j) => [
    set('qj', j === 0 ? get('q') : add(get('q'), get(`mk${j}`))),
    ...outputRows([0, 1, 2, 3].map((i) => load(i === 0 ? get('qj') : add(get('qj'), get(`mk${i * 4}`))))).map((value, i) => set(`s${i}${j}`, value)),
  ].join('\n'));
  const finish = (value: string) => {
    const biased = `(if (result v128) ${get('hasBias')} (then ${plus(value, load(add(get('bias'), get('cc')))) }) (else ${value}))`;
    return `(if (result v128) ${get('relu')} (then (f32x4.max ${biased} (v128.const f32x4 0 0 0 0))) (else ${biased}))`;
  };
  const stores = [0, 1].map((i) => outputRows([0, 1, 2, 3].map((j) => get(`s${i}${j}`))).map((value, j) => {
    const at = add(get('p'), add(get('cc'), add(i === 1 ? get('rowBytes') : '(i32.const 0)', j === 1 ? get('colBytes') : '(i32.const 0)')));
    const store = `(v128.store ${at} ${finish(value)})`;
    const guard = [i === 1 ? get('hasRow') : '', j === 1 ? get('hasCol') : ''].filter(Boolean);
    return guard.length === 0 ? store : `(if ${guard.length === 2 ? `(i32.and ${guard[0]} ${guard[1]})` : guard[0]} (then ${store}))`;
  }).join('\n'));
  return `
  (func $wgOut (param $m i32) (param $bias i32) (param $out i32) (param $img i32) (param $ty0 i32) (param $rows i32)
      (param $oh i32) (param $ow i32) (param $co i32) (param $tilesW i32) (param $mk i32) (param $hasBias i32) (param $relu i32)
    (local $r i32) (local $tx i32) (local $y i32) (local $cc i32) (local $p i32) (local $q i32)
    (local $rowBytes i32) (local $colBytes i32) (local $hasRow i32) (local $hasCol i32) (local $coBytes i32) (local $qj i32)
    ${[1, 2, 3].map((i) => `(local $mk${i} i32) (local $mk${i * 4} i32)`).join(' ')}
    ${v128Locals(s)}
    ${[1, 2, 3].map((i) => `${set(`mk${i}`, mul(get('mk'), `(i32.const ${i})`))} ${set(`mk${i * 4}`, mul(get('mk'), `(i32.const ${i * 4})`))}`).join('\n')}
    (local.set $colBytes ${bytes(get('co'))})
    (local.set $rowBytes ${mul(get('ow'), get('colBytes'))})
    (local.set $coBytes ${bytes(get('co'))})
    ${tileWalk(2, 'm', 'out', [...columns, ...stores].join('\n'), false)}
  )`;
}

/**
 * The exported winograd(x, u, bias, out, v, m, n, h, wd, c, oh, ow, co, bandRows, hasBias,
 * relu): out = conv(x, g) (stride 1, 3x3, x already padded to at least 2*ceil(oh/2) + 2 rows
 * and 2*ceil(ow/2) + 2 columns) from u = G g Gᵀ [16, c, co]; c and co multiples of 4; v and m
 * scratch of [16, bandRows * ceil(ow/2), c] and [.., co] floats.
 */
function entry(): string {
  return bandEntry({
    name: 'winograd',
    tile: 2,
    outStride: 'mk',
    calls: `(call $wgIn ${['x', 'v', 'img', 'ty0', 'rows', 'h', 'wd', 'c', 'tilesW', 'vk'].map(get).join(' ')})
        (local.set $next (call $wgGemm16 ${['v', 'u', 'm', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('mk')}))
        (drop (call $wgGemm4 ${['v', 'u', 'm', 'tiles', 'c', 'co', 'next', 'vk', 'mk'].map(get).join(' ')}))
        (call $wgOut ${['m', 'bias', 'out', 'img', 'ty0', 'rows', 'oh', 'ow', 'co', 'tilesW', 'mk', 'hasBias', 'relu'].map(get).join(' ')})`,
  });
}

/** The Winograd kernel and its helpers (`relaxed`: the products with fused multiply-adds). */
export function winogradWat(relaxed: boolean): string {
  return [inputTransform(), gemm(4, relaxed), gemm(1, relaxed), outputTransform(), entry()].join('\n');
}
