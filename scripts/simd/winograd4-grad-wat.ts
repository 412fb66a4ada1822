// WebAssembly text of the Winograd F(4x4, 3x3) filter-gradient kernel: the transpose of
// ./winograd4-wat.ts as ./winograd-grad-wat.ts is of ./winograd-wat.ts,
//   dU[k][ci][co] = sum over 4x4 tiles of V[k][tile][ci] * Z[k][tile][co],  Z = A dY Aᵀ,
// with 36 positions k; dg = Gᵀ dU G is done by the caller. It uses $wg4In and the t and win
// scratch as the forward kernel does.
import { bandEntry, tileWalk } from './winograd-band.js';
import { add, bytes, get, mul } from './wat-text.js';
import { gradGemm } from './winograd-grad-wat.js';
import { load, plus, set, sub, v128Locals } from './winograd-wat.js';

const scale = (factor: number, value: string) => `(f32x4.mul (v128.const f32x4 ${factor} ${factor} ${factor} ${factor}) ${value})`;
const range = (n: number) => [...Array(n).keys()];
const zero = '(v128.const f32x4 0 0 0 0)';

/** A y for one line (y0..y3) of a dy tile: (y0, Σy, y0 - y1 + y2 - y3, y0 + 2y1 + 4y2 + 8y3, y0 - 2y1 + 4y2 - 8y3, y3). */
function spreadLine(y: string[]): { locals: string[]; values: string[] } {
  const [y0, y1, y2, y3] = y as [string, string, string, string];
  return {
    locals: [set('e', plus(y0, y2)), set('o', plus(y1, y3)), set('e2', plus(y0, scale(4, y2))), set('o2', plus(scale(2, y1), scale(8, y3)))],
    values: [y0, plus(get('e'), get('o')), sub(get('e'), get('o')), plus(get('e2'), get('o2')), sub(get('e2'), get('o2')), y3],
  };
}

/**
 * $wg4Dy: Z[k][t][cc..] = (A y Aᵀ)[k] for tile t of band rows [ty0, ty0 + rows) counted over
 * all images, y the 4x4 block of dy at row 4*ty, column 4*tx (zeros past dy's last row or column).
 */
function dyTransform(): string {
  // Pass 1: row i of the block, A along it, into t[i][*].
  const rowPass = range(4).map((i) => {
    const loads = range(4).map((j) => {
      const address = add(get('p'), add(mul(get('rowBytes'), `(i32.const ${i})`), mul(get('coBytes'), `(i32.const ${j})`)));
      return set(`y${j}`, `(if (result v128) (i32.and (i32.gt_u ${get('rowsLeft')} (i32.const ${i})) (i32.gt_u ${get('cols')} (i32.const ${j}))) (then ${load(address)}) (else ${zero}))`);
    });
    const line = spreadLine(range(4).map((j) => get(`y${j}`)));
    return [...loads, ...line.locals, ...line.values.map((value, j) => `(v128.store offset=${(i * 6 + j) * 16} ${get('t')} ${value})`)].join('\n');
  });
  // Pass 2: column j of t, A down it, into Z[p*6 + j].
  const columnPass = range(6).map((j) => {
    const line = spreadLine(range(4).map((i) => load(get('t'), (i * 6 + j) * 16)));
    return [
      set('qj', add(get('q'), mul(get('zk'), `(i32.const ${j})`))),
      ...line.locals,
      ...line.values.map((value, p) => `(v128.store ${add(get('qj'), mul(get('zk'), `(i32.const ${p * 6})`))} ${value})`),
    ].join('\n');
  });
  return `
  (func $wg4Dy (param $dy i32) (param $z i32) (param $t i32) (param $tilesH i32) (param $ty0 i32) (param $rows i32)
      (param $oh i32) (param $ow i32) (param $co i32) (param $tilesW i32) (param $zk i32)
    (local $r i32) (local $tx i32) (local $y i32) (local $img i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32)
    (local $rowBytes i32) (local $coBytes i32) (local $rowsLeft i32) (local $cols i32)
    ${v128Locals(['y0', 'y1', 'y2', 'y3', 'e', 'o', 'e2', 'o2'])}
    (local.set $coBytes ${bytes(get('co'))})
    (local.set $rowBytes ${mul(get('ow'), get('coBytes'))})
    ${tileWalk(4, 'z', 'dy', [...rowPass, ...columnPass].join('\n'), true)}
  )`;
}

/**
 * The exported winograd4FilterGrad(x, dy, du, v, z, t, win, n, h, wd, c, oh, ow, co, padTop,
 * padLeft, bandRows): du [36, c, co] += the F(4x4, 3x3) transformed filter gradient, x read
 * unpadded as in winograd4; bands of tile rows run on across images.
 */
function entry(): string {
  return bandEntry({
    name: 'winograd4FilterGrad',
    tile: 4,
    outStride: 'zk',
    calls: `(call $wg4In ${['x', 'v', 't', 'win', 'tilesH', 'ty0', 'rows', 'h', 'wd', 'c', 'tilesW', 'vk', 'padTop', 'padLeft'].map(get).join(' ')})
        (call $wg4Dy ${['dy', 'z', 't', 'tilesH', 'ty0', 'rows', 'oh', 'ow', 'co', 'tilesW', 'zk'].map(get).join(' ')})
        (local.set $next (call $wg4Grad16 ${['v', 'z', 'du', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('zk')}))
        (drop (call $wg4Grad4 ${['v', 'z', 'du', 'tiles', 'c', 'co', 'next', 'vk', 'zk'].map(get).join(' ')}))`,
  });
}

/** The F(4x4, 3x3) filter-gradient kernel and its helpers (`relaxed`: fused multiply-adds). */
export function winograd4GradWat(relaxed: boolean): string {
  return [dyTransform(), gradGemm(4, relaxed, 36, 'wg4'), gradGemm(1, relaxed, 36, 'wg4'), entry()].join('\n');
}
