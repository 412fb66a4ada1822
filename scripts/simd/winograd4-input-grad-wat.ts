// WebAssembly text of the Winograd F(4x4, 3x3) input-gradient kernel: the transpose of
// ./winograd4-wat.ts. The forward kernel maps each 6x6 window d of x to a 4x4 tile of y by
// Y = Aᵀ [U ⊙ (Bᵀ d B)] A; its transpose maps each 4x4 tile of dy back onto the window:
//   dd = B [Uᵀ ⊙ (A dY Aᵀ)] Bᵀ, added into dx (neighbouring windows overlap by 2 pixels).
// So dx takes one 4x4 tile per tile of dy (36 for a 24x24 dy) where a convolution of the
// padded dy with the turned filter takes one per tile of dx (49 for 26x26: 28x28 computed).
// It uses $wg4Dy (./winograd4-grad-wat.ts), the products and $wg4Window (./winograd4-wat.ts).
import { bandEntry, inputTileColumns } from './winograd-band.js';
import { add, bytes, get, mul } from './wat-text.js';
import { load, plus, set, sub, v128Locals } from './winograd-wat.js';
import { at, multipleLocals, multiples, off, range, scale, windowCopy, windowInside, windowStart } from './winograd4-wat.js';

/** B o for one line (o0..o5): the transpose of ./winograd4-wat.ts's Bᵀ (inputLine). */
function inputLineTransposed(o: string[]): { locals: string[]; values: string[] } {
  const [o0, o1, o2, o3, o4, o5] = o as [string, string, string, string, string, string];
  return {
    locals: [set('sa', plus(o1, o2)), set('sb', sub(o2, o1)), set('sc', plus(o3, o4)), set('sd', sub(o4, o3))],
    values: [
      scale(4, o0),
      plus(plus(scale(4, get('sb')), scale(2, get('sd'))), scale(4, o5)),
      sub(sub(scale(-5, o0), scale(4, get('sa'))), get('sc')),
      sub(sub(scale(-2, get('sd')), get('sb')), scale(5, o5)),
      plus(plus(o0, get('sa')), get('sc')),
      o5,
    ],
  };
}

/**
 * $wg4InT: dx window of tile t += (B dV Bᵀ) for the tiles of band rows [ty0, ty0 + rows)
 * counted over all images, the window at row 4*ty - padTop, column 4*tx - padLeft of x (here
 * dx); an edge tile's window goes through a gathered copy (win) and back where it is inside dx.
 */
function transposedInputTransform(): string {
  // Pass 1: column j of dV, B down it, into t[i][j].
  const columnPass = range(6).map((j) => {
    const line = inputLineTransposed(range(6).map((i) => get(`z${i}`)));
    return [
      set('qj', j === 0 ? get('q') : add(get('q'), get(`mk${j}`))),
      ...range(6).map((i) => set(`z${i}`, load(at('qj', off('mr', i))))),
      ...line.locals,
      ...line.values.map((value, i) => `(v128.store offset=${(i * 6 + j) * 16} ${get('t')} ${value})`),
    ].join('\n');
  });
  // Pass 2: row i of t, B along it, added into window row i.
  const rowPass = range(6).map((i) => {
    const line = inputLineTransposed(range(6).map((j) => get(`z${j}`)));
    return [
      set('row', i === 0 ? get('p') : add(get('p'), get(`rb${i}`))),
      ...range(6).map((j) => set(`z${j}`, load(get('t'), (i * 6 + j) * 16))),
      ...line.locals,
      ...line.values.map((value, j) => `(v128.store ${at('row', off('cb', j))} ${plus(load(at('row', off('cb', j))), value)})`),
    ].join('\n');
  });
  const scatter = `(if (i32.eqz ${windowInside}) (then (call $wg4WindowScatter ${['x', 'win', 'img', 'r0', 'c0', 'h', 'wd', 'c'].map(get).join(' ')})))`;
  return `
  (func $wg4InT (param $m i32) (param $x i32) (param $t i32) (param $win i32) (param $tilesH i32) (param $ty0 i32) (param $rows i32)
      (param $h i32) (param $wd i32) (param $c i32) (param $tilesW i32) (param $mk i32) (param $padTop i32) (param $padLeft i32)
    (local $r i32) (local $tx i32) (local $cc i32) (local $p i32) (local $q i32) (local $qj i32) (local $row i32) (local $img i32)
    (local $r0 i32) (local $c0 i32) (local $rowStride i32)
    ${multipleLocals(['rb', 'cb', 'mk', 'mr'])}
    ${v128Locals([...range(6).map((i) => `z${i}`), 'sa', 'sb', 'sc', 'sd'])}
    ${multiples('cb', bytes(get('c')))}
    ${multiples('mk', get('mk'))}
    ${multiples('mr', mul(get('mk'), '(i32.const 6)'))}
    (local.set $q ${get('m')})
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u ${get('r')} ${get('rows')}))
      (local.set $img (i32.div_u ${add(get('ty0'), get('r'))} ${get('tilesH')}))
      (local.set $r0 (i32.sub ${mul(`(i32.rem_u ${add(get('ty0'), get('r'))} ${get('tilesH')})`, '(i32.const 4)')} ${get('padTop')}))
      ${inputTileColumns(windowStart(), [...columnPass, ...rowPass].join('\n'), scatter)}
      (local.set $r ${add(get('r'), '(i32.const 1)')})
      (br $rLoop)))
  )`;
}

/**
 * The exported winograd4InputGrad(dy, u, dx, v, m, t, win, n, h, wd, c, oh, ow, co, padTop,
 * padLeft, bandRows): dx [n, h, wd, co] += the input gradient of the stride-1 3x3 convolution
 * (padded by padTop, padLeft before) giving dy [n, oh, ow, c], u [36, c, co] the transformed
 * filter with its channel axes swapped; v and m [36, bandRows * ceil(ow/4), c] and [.., co],
 * t 36 v128 and win 36 * co floats of scratch.
 */
function entry(): string {
  return bandEntry({
    name: 'winograd4InputGrad',
    tile: 4,
    outStride: 'mk',
    calls: `(call $wg4Dy ${['dy', 'v', 't', 'tilesH', 'ty0', 'rows', 'oh', 'ow', 'c', 'tilesW', 'vk'].map(get).join(' ')})
        (local.set $next (call $wg4Gemm16 ${['v', 'u', 'm', 'tiles', 'c', 'co'].map(get).join(' ')} (i32.const 0) ${get('vk')} ${get('mk')}))
        (drop (call $wg4Gemm4 ${['v', 'u', 'm', 'tiles', 'c', 'co', 'next', 'vk', 'mk'].map(get).join(' ')}))
        (call $wg4InT ${['m', 'dx', 't', 'win', 'tilesH', 'ty0', 'rows', 'h', 'wd', 'co', 'tilesW', 'mk', 'padTop', 'padLeft'].map(get).join(' ')})`,
  });
}

/** The F(4x4, 3x3) input-gradient kernel and its own helpers. */
export function winograd4InputGradWat(): string {
  return [windowCopy('scatter'), transposedInputTransform(), entry()].join('\n');
}
