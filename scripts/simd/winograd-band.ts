// What the four Winograd kernels (forward and filter gradient, 2x2 and 4x4 tiles) share: the
// exported entry, which walks the output's tile rows in bands of at most bandRows so that a
// band's transformed input and output stay in cache, and the walk over a band's output tiles.
import { watParams, type SignatureName } from '../../src/backend/wasm/simd/table.js';
import { add, bytes, get, mul } from './wat-text.js';

export interface BandEntry {
  /** The exported function (and its row in table.ts). */
  name: SignatureName;
  tile: 2 | 4;
  /** The second scratch band's stride per position: $mk (forward output) or $zk (transformed dy). */
  outStride: 'mk' | 'zk';
  /**
   * The band's work, with $ty0 and $rows the band's tile rows, $tiles its tiles, $vk and
   * $<outStride> the scratch strides, $next a spare local; 2x2 tiles also have $img.
   */
  calls: string;
}

/**
 * 2x2 tiles: bands within each image ($img, $ty0 counted in that image). 4x4 tiles: bands run
 * on across images ($ty0 counted over n * tilesH rows), which makes the bands of a small
 * image longer: F(4x4)'s 36 products' operands are 2.25x F(2x2)'s.
 */
export function bandEntry({ name, tile, outStride, calls }: BandEntry): string {
  const acrossImages = tile === 4;
  const shift = tile === 4 ? 2 : 1;
  const allRows = acrossImages ? 'allRows' : 'tilesH';
  const band = `
      (block $bandDone (loop $bandLoop
        (br_if $bandDone (i32.ge_u ${get('ty0')} ${get(allRows)}))
        (local.set $rows (select ${get('bandRows')} (i32.sub ${get(allRows)} ${get('ty0')}) (i32.lt_u ${get('bandRows')} (i32.sub ${get(allRows)} ${get('ty0')}))))
        (local.set $tiles ${mul(get('rows'), get('tilesW'))})
        (local.set $vk ${bytes(mul(get('tiles'), get('c')))})
        (local.set $${outStride} ${bytes(mul(get('tiles'), get('co')))})
        ${calls}
        (local.set $ty0 ${add(get('ty0'), get('rows'))})
        (br $bandLoop)))`;
  const walk = acrossImages
    ? `(local.set $allRows ${mul(get('n'), get('tilesH'))})
    (local.set $ty0 (i32.const 0))${band}`
    : `(local.set $img (i32.const 0))
    (block $imgDone (loop $imgLoop
      (br_if $imgDone (i32.ge_u ${get('img')} ${get('n')}))
      (local.set $ty0 (i32.const 0))${band}
      (local.set $img ${add(get('img'), '(i32.const 1)')})
      (br $imgLoop)))`;
  // The locals in the order each kernel had them before this was shared (the binary is the same).
  const bandLocals = '(local $ty0 i32) (local $rows i32) (local $tilesH i32) (local $tilesW i32) (local $tiles i32)';
  return `
  (func (export "${name}")
    ${watParams(name)}
    ${acrossImages ? `${bandLocals} (local $allRows i32)` : `(local $img i32) ${bandLocals}`}
    (local $vk i32) (local $${outStride} i32) (local $next i32)
    (if (i32.or (i32.or (i32.eqz ${get('oh')}) (i32.eqz ${get('ow')})) (i32.or (i32.eqz ${get('c')}) (i32.eqz ${get('bandRows')}))) (then (return)))
    (local.set $tilesH (i32.shr_u ${add(get('oh'), `(i32.const ${tile - 1})`)} (i32.const ${shift})))
    (local.set $tilesW (i32.shr_u ${add(get('ow'), `(i32.const ${tile - 1})`)} (i32.const ${shift})))
    ${walk}
  )`;
}

/**
 * The walk over a band's tiles that the output transforms and the dy transforms share: for
 * each tile row $r of the band, each tile $tx, each 4 channels ($cc bytes into a pixel of co
 * channels): `body`, with $p at the tile's first pixel of `tensor` (moved on with $cc when
 * `pixelFollowsChannel`) and $q at the transformed band `band`, 16 bytes a step. 2x2 tiles
 * are within one image ($img): output row $y = 2*($ty0 + $r), and $hasRow / $hasCol say
 * whether the tile's second row / column exists. 4x4 tile rows are counted over all images
 * (as bandEntry's): $img and $y come from the row, and $rowsLeft / $cols count the tile's
 * rows / columns that exist.
 */
export function tileWalk(tile: 2 | 4, band: string, tensor: string, body: string, pixelFollowsChannel: boolean): string {
  const size = `(i32.const ${tile})`;
  const row = tile === 2
    ? `(local.set $y ${mul(add(get('ty0'), get('r')), size)})
      (local.set $hasRow (i32.lt_u ${add(get('y'), '(i32.const 1)')} ${get('oh')}))`
    : `(local.set $img (i32.div_u ${add(get('ty0'), get('r'))} ${get('tilesH')}))
      (local.set $y ${mul(`(i32.rem_u ${add(get('ty0'), get('r'))} ${get('tilesH')})`, size)})
      (local.set $rowsLeft (i32.sub ${get('oh')} ${get('y')}))`;
  const column = tile === 2
    ? `(local.set $hasCol (i32.lt_u ${add(mul(get('tx'), size), '(i32.const 1)')} ${get('ow')}))`
    : `(local.set $cols (i32.sub ${get('ow')} ${mul(get('tx'), size)}))`;
  return `(local.set $q ${get(band)})
    (local.set $r (i32.const 0))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_u ${get('r')} ${get('rows')}))
      ${row}
      (local.set $tx (i32.const 0))
      (block $txDone (loop $txLoop
        (br_if $txDone (i32.ge_u ${get('tx')} ${get('tilesW')}))
        ${column}
        (local.set $p ${add(get(tensor), bytes(mul(add(mul(add(mul(get('img'), get('oh')), get('y')), get('ow')), mul(get('tx'), size)), get('co'))))})
        (local.set $cc (i32.const 0))
        (block $cDone (loop $cLoop
          (br_if $cDone (i32.ge_u ${get('cc')} ${get('coBytes')}))
          ${body}${pixelFollowsChannel ? `\n          (local.set $p ${add(get('p'), '(i32.const 16)')})` : ''}
          (local.set $q ${add(get('q'), '(i32.const 16)')})
          (local.set $cc ${add(get('cc'), '(i32.const 16)')})
          (br $cLoop)))
        (local.set $tx ${add(get('tx'), '(i32.const 1)')})
        (br $txLoop)))
      (local.set $r ${add(get('r'), '(i32.const 1)')})
      (br $rLoop)))`;
}

/** Sets $p at the first pixel of the window of tile $tx (input row `inputRow`) of x, x padded already. */
export const paddedWindowStart = (tile: 2 | 4, inputRow: string) =>
  `(local.set $p ${add(get('x'), bytes(mul(add(mul(inputRow, get('wd')), mul(get('tx'), `(i32.const ${tile})`)), get('c'))))})`;

/**
 * The input transforms' walk along one tile row: for each tile $tx and each 4 input channels
 * ($cc of c), `body` with $p at the tile window's first pixel (set by `windowStart`, e.g.
 * paddedWindowStart), moved on 4 channels a step, and $q through the transformed band, 16
 * bytes a step; then `windowEnd`, once per tile.
 */
export function inputTileColumns(windowStart: string, body: string, windowEnd = ''): string {
  return `(local.set $tx (i32.const 0))
      (block $txDone (loop $txLoop
        (br_if $txDone (i32.ge_u ${get('tx')} ${get('tilesW')}))
        ${windowStart}
        (local.set $cc (i32.const 0))
        (block $cDone (loop $cLoop
          (br_if $cDone (i32.ge_u ${get('cc')} ${get('c')}))
          ${body}
          (local.set $p ${add(get('p'), '(i32.const 16)')})
          (local.set $q ${add(get('q'), '(i32.const 16)')})
          (local.set $cc ${add(get('cc'), '(i32.const 4)')})
          (br $cLoop)))${windowEnd === '' ? '' : `\n        ${windowEnd}`}
        (local.set $tx ${add(get('tx'), '(i32.const 1)')})
        (br $txLoop)))`;
}
