// WebAssembly text of the Winograd F(2x2, 3x3) filter-gradient kernel (see
// src/backend/wasm/winograd-filter-grad.ts). It uses $wgIn from ./winograd-wat.ts.
//
// The forward kernel computes each 2x2 output tile as Y = Aᵀ [U ⊙ V] A with U = G g Gᵀ and
// V = Bᵀ d B; that is linear in U, so its transpose gives the filter gradient exactly:
//   dU[k][ci][co] = sum over tiles of V[k][tile][ci] * Z[k][tile][co],  Z = A dY Aᵀ,
// and dg = Gᵀ dU G (done by the caller). The sum is 16 products [Cin x tiles] · [tiles x Co],
// 16 multiply-adds per tile and channel pair where the direct kernel does 36.
import { bandEntry, tileWalk } from './winograd-band.js';
import { add, bytes, get, mul, pairTile } from './wat-text.js';
import { load, set, sub, plus, v128Locals } from './winograd-wat.js';

/** A z for the two values (z0, z1) of a dy tile's row or column: (z0, z0 + z1, z0 - z1, -z1). */
const spread = (z0: string, z1: string) => [z0, plus(z0, z1), sub(z0, z1), `(f32x4.neg ${z1})`];

/**
 * $wgDy: Z[k][t][cc..cc+3] = (A y Aᵀ)[k] for channels cc.. of tile t of band rows
 * [ty0, ty0 + rows) of image img, y the 2x2 block of dy at row 2*ty, column 2*tx; a block's
 * second row or column past dy's last (odd sizes) counts as zeros.
 */
function dyTransform(): string {
  const zero = '(v128.const f32x4 0 0 0 0)';
  const guarded = (flag: string, at: string) => `(if (result v128) ${flag} (then ${load(at)}) (else ${zero}))`;
  const loads = [
    set('y00', load(get('p'))),
    set('y01', guarded(get('hasCol'), add(get('p'), get('colBytes')))),
    set('y10', guarded(get('hasRow'), add(get('p'), get('rowBytes')))),
    set('y11', guarded(`(i32.and ${get('hasRow')} ${get('hasCol')})`, add(get('p'), add(get('rowBytes'), get('colBytes'))))),
  ];
  const rows = [0, 1].map((i) => spread(get(`y${i}0`), get(`y${i}1`)).map((value, b) => set(`r${i}${b}`, value)).join('\n'));
  // Column b of Z is A (r0b, r1b); k = a*4 + b.
  const stores = [0, 1, 2, 3].map((b) => [
    set('qj', b === 0 ? get('q') : add(get('q'), get(`zk${b}`))),
    ...spread(get(`r0${b}`), get(`r1${b}`)).map((value, a) => `(v128.store ${a === 0 ? get('qj') : add(get('qj'), get(`zk${a * 4}`))} ${value})`),
  ].join('\n'));
  return `
  (func $wgDy (param $dy i32) (param $z i32) (param $img i32) (param $ty0 i32) (param $rows i32)
      (param $oh i32) (param $ow i32) (param $co i32) (param $tilesW i32) (param $zk i32)
    (local $r i32) (local $tx i32) (local $y i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32)
    (local $rowBytes i32) (local $colBytes i32) (local $coBytes i32) (local $hasRow i32) (local $hasCol i32)
    ${[1, 2, 3].map((i) => `(local $zk${i} i32) (local $zk${i * 4} i32)`).join(' ')}
    ${v128Locals(['y00', 'y01', 'y10', 'y11', ...[0, 1].flatMap((i) => [0, 1, 2, 3].map((b) => `r${i}${b}`))])}
    ${[1, 2, 3].map((i) => `${set(`zk${i}`, mul(get('zk'), `(i32.const ${i})`))} ${set(`zk${i * 4}`, mul(get('zk'), `(i32.const ${i * 4})`))}`).join('\n')}
    (local.set $colBytes ${bytes(get('co'))})
    (local.set $coBytes ${bytes(get('co'))})
    (local.set $rowBytes ${mul(get('ow'), get('colBytes'))})
    ${tileWalk(2, 'z', 'dy', [...loads, ...rows, ...stores].join('\n'), true)}
  )`;
}

/**
 * $wgGrad<block>: dU[k][ci][cob..] += sum over t < tiles of V[k][t][ci] * Z[k][t][cob..] for
 * every k of the `positions` (16; $wg4Grad..: 36), input channels two at a time (c is a multiple of 4) and output-channel blocks of
 * `block` from coStart while they fit below co. Returns where the blocks stopped.
 */
export function gradGemm(accumulators: 4 | 1, relaxed: boolean, positions = 16, prefix = 'wg'): string {
  const block = 4 * accumulators;
  const tile = pairTile(true, accumulators, relaxed);
  const loadAcc = [...Array(accumulators).keys()]
    .map((i) => `(local.set $a${i} ${load(get('dp0'), i * 16)}) (local.set $b${i} ${load(get('dp1'), i * 16)})`).join('\n');
  return `
  (func $${prefix}Grad${block} (param $v i32) (param $z i32) (param $du i32) (param $tiles i32) (param $c i32) (param $co i32)
      (param $coStart i32) (param $vk i32) (param $zk i32) (result i32)
    (local $k i32) (local $ci i32) (local $cob i32) (local $n i32) (local $vStep i32) (local $zStep i32)
    (local $vp0 i32) (local $vp1 i32) (local $zp i32) (local $dp0 i32) (local $dp1 i32)
    ${tile.locals}
    (local.set $vStep ${bytes(get('c'))})
    (local.set $zStep ${bytes(get('co'))})
    (local.set $cob ${get('coStart')})
    (local.set $k (i32.const 0))
    (block $kDone (loop $kLoop
      (br_if $kDone (i32.ge_u ${get('k')} (i32.const ${positions})))
      (local.set $ci (i32.const 0))
      (block $ciDone (loop $ciLoop
        (br_if $ciDone (i32.ge_u ${get('ci')} ${get('c')}))
        (local.set $cob ${get('coStart')})
        (block $coDone (loop $coLoop
          (br_if $coDone (i32.gt_u ${add(get('cob'), `(i32.const ${block})`)} ${get('co')}))
          (local.set $dp0 ${add(get('du'), bytes(add(mul(add(mul(get('k'), get('c')), get('ci')), get('co')), get('cob'))))})
          (local.set $dp1 ${add(get('dp0'), get('zStep'))})
          ${loadAcc}
          (local.set $vp0 ${add(add(get('v'), mul(get('k'), get('vk'))), bytes(get('ci')))})
          (local.set $vp1 ${add(get('vp0'), '(i32.const 4)')})
          (local.set $zp ${add(add(get('z'), mul(get('k'), get('zk'))), bytes(get('cob')))})
          (local.set $n ${get('tiles')})
          (loop $tLoop
            ${tile.step('zp', 'vp0', 'vp1')}
            (local.set $vp0 ${add(get('vp0'), get('vStep'))})
            (local.set $vp1 ${add(get('vp1'), get('vStep'))})
            (local.set $zp ${add(get('zp'), get('zStep'))})
            (local.set $n (i32.sub ${get('n')} (i32.const 1)))
            (br_if $tLoop ${get('n')}))
          ${tile.store('dp0', 'dp1')}
          (local.set $cob ${add(get('cob'), `(i32.const ${block})`)})
          (br $coLoop)))
        (local.set $ci ${add(get('ci'), '(i32.const 2)')})
        (br $ciLoop)))
      (local.set $k ${add(get('k'), '(i32.const 1)')})
      (br $kLoop)))
    ${get('cob')}
  )`;
}

/**
 * The exported winogradFilterGrad(x, dy, du, v, z, n, h, wd, c, oh, ow, co, bandRows):
 * du [16, c, co] += the transformed filter gradient of a stride-1 3x3 convolution of x
 * (padded to at least 2*ceil(oh/2) + 2 rows and 2*ceil(ow/2) + 2 columns) giving dy
 * [n, oh, ow, co]; c and co multiples of 4; v and z scratch of [16, bandRows * ceil(ow/2), c]
 * and [.., co] floats.
 */
function entry(): string {
  return bandEntry({
    name: 'winogradFilterGrad',
    tile: 2,
    outStride: 'zk',
    calls: `(call $wgIn ${['x', 'v', 'img', 'ty0', 'rows', 'h', 'wd', 'c', 'tilesW', 'vk'].map(get).join(' ')})
        (call $wgDy ${['dy', 'z', 'img', 'ty0', 'rows', 'oh', 'ow', 'co', 'tilesW', 'zk'].map(get).join(' ')})
        (local.set $next (call $wgGrad16 ${['v', 'z', 'du', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('zk')}))
        (drop (call $wgGrad4 ${['v', 'z', 'du', 'tiles', 'c', 'co', 'next', 'vk', 'zk'].map(get).join(' ')}))`,
  });
}

/** The Winograd filter-gradient kernel and its helpers (`relaxed`: fused multiply-adds). */
export function winogradGradWat(relaxed: boolean): string {
  return [dyTransform(), gradGemm(4, relaxed), gradGemm(1, relaxed), entry()].join('\n');
}
