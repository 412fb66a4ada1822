// WebAssembly text of the SIMD filter-gradient kernels (see src/backend/wasm/simd/filter-grad.ts).
// Three variants from one template: output channels in blocks of 16 (four f32x4 accumulators
// per row), of 4 (one), and one at a time (scalar f32), so that any channel count is covered.

import { CHANNEL_BLOCKS, watParams } from '../../src/backend/wasm/simd/table.js';
import { add, bytes, get, laneOps, mul, pairTile } from './wat-text.js';

interface Variant {
  name: string;
  /** Output channels one accumulator holds: 4 for f32x4, 1 for f32. */
  lanes: 4 | 1;
  /** Accumulators per filter row. */
  accumulators: number;
}

/**
 * Output rows of one image swept together by every pair of filter rows, so that their dy
 * and input rows stay in L1 (sweeping whole images, they came from L2: ~20% slower).
 */
const BAND_ROWS = 2;

/**
 * One exported function, for output channels [coStart, coEnd) in blocks of lanes*accumulators:
 *   dw[r][co] += sum over (n, y, x) of xin[n][y*sh + i][x*sw + j][c] * dy[n][y][x][co]
 * for filter rows r = (i*kw + j)*c + cc, two rows at a time (an odd last row is paired with
 * itself). The accumulators stay in registers while a band of output rows is swept, and
 * go back to dw between bands.
 * All addresses are byte offsets in the imported memory (the tfjs wasm heap).
 */
function filterGradFunction({ name, lanes, accumulators }: Variant, relaxed: boolean): string {
  const vector = lanes === 4;
  const { load } = laneOps(vector);
  const step = lanes * 4;
  const block = lanes * accumulators;
  const tile = pairTile(vector, accumulators, relaxed);
  const loadAcc = [...Array(accumulators).keys()]
    .map((i) => `(local.set $a${i} (${load} offset=${i * step} ${get('wp')}))\n(local.set $b${i} (${load} offset=${i * step} ${get('wp1')}))`)
    .join('\n');
  // Byte offset of row r's first tap from the window origin: ((i*w + j)*c + cc)*4, with
  // i = r / (kw*c) and j*c + cc = r % (kw*c).
  const rowOffset = (r: string) => bytes(add(mul(mul(`(i32.div_u ${get(r)} ${get('tapRow')})`, get('w')), get('c')), `(i32.rem_u ${get(r)} ${get('tapRow')})`));
  return `
  (func (export "${name}")
    ${watParams('filterGrad')}
    (local $img i32) (local $r0 i32) (local $r1 i32) (local $rows i32) (local $tapRow i32)
    (local $off0 i32) (local $delta i32) (local $cob i32) (local $y i32) (local $x i32) (local $y0 i32) (local $yEnd i32)
    (local $xp i32) (local $xp1 i32) (local $dp i32) (local $wp i32) (local $wp1 i32)
    (local $xstep i32) (local $dstep i32)
    ${tile.locals}
    (local.set $rows ${mul(mul(get('kh'), get('kw')), get('c'))})
    (local.set $tapRow ${mul(get('kw'), get('c'))})
    (local.set $xstep ${bytes(mul(get('sw'), get('c')))})
    (local.set $dstep ${bytes(get('co'))})
    (if (i32.or (i32.eqz ${get('ow')}) (i32.ge_u ${get('coStart')} ${get('coEnd')})) (then (return)))
    (local.set $img (i32.const 0))
    (block $imgDone (loop $imgLoop
      (br_if $imgDone (i32.ge_u ${get('img')} ${get('n')}))
      (local.set $y0 (i32.const 0))
      (block $bandDone (loop $bandLoop
        (br_if $bandDone (i32.ge_u ${get('y0')} ${get('oh')}))
        (local.set $yEnd (select ${add(get('y0'), `(i32.const ${BAND_ROWS})`)} ${get('oh')} (i32.lt_u ${add(get('y0'), `(i32.const ${BAND_ROWS})`)} ${get('oh')})))
        (local.set $r0 (i32.const 0))
        (block $rowDone (loop $rowLoop
          (br_if $rowDone (i32.ge_u ${get('r0')} ${get('rows')}))
          (local.set $r1 (select ${add(get('r0'), '(i32.const 1)')} ${get('r0')} (i32.lt_u ${add(get('r0'), '(i32.const 1)')} ${get('rows')})))
          (local.set $off0 ${rowOffset('r0')})
          (local.set $delta (i32.sub ${rowOffset('r1')} ${get('off0')}))
          (local.set $cob ${get('coStart')})
          (block $coDone (loop $coLoop
            (br_if $coDone (i32.ge_u ${get('cob')} ${get('coEnd')}))
            (local.set $wp ${add(get('dw'), bytes(add(mul(get('r0'), get('co')), get('cob'))))})
            (local.set $wp1 ${add(get('dw'), bytes(add(mul(get('r1'), get('co')), get('cob'))))})
            ${loadAcc}
            (local.set $y ${get('y0')})
            (block $yDone (loop $yLoop
              (br_if $yDone (i32.ge_u ${get('y')} ${get('yEnd')}))
              (local.set $xp ${add(add(get('xin'), get('off0')), bytes(mul(mul(add(mul(get('img'), get('h')), mul(get('y'), get('sh'))), get('w')), get('c'))))})
              (local.set $xp1 ${add(get('xp'), get('delta'))})
              (local.set $dp ${add(get('dy'), bytes(add(mul(mul(add(mul(get('img'), get('oh')), get('y')), get('ow')), get('co')), get('cob'))))})
              (local.set $x ${get('ow')})
              (loop $xLoop
                ${tile.step('dp', 'xp', 'xp1')}
                (local.set $xp ${add(get('xp'), get('xstep'))})
                (local.set $xp1 ${add(get('xp1'), get('xstep'))})
                (local.set $dp ${add(get('dp'), get('dstep'))})
                (local.set $x (i32.sub ${get('x')} (i32.const 1)))
                (br_if $xLoop ${get('x')}))
              (local.set $y ${add(get('y'), '(i32.const 1)')})
              (br $yLoop)))
            ${tile.store('wp', 'wp1')}
            (local.set $cob ${add(get('cob'), `(i32.const ${block})`)})
            (br $coLoop)))
          (local.set $r0 ${add(get('r0'), '(i32.const 2)')})
          (br $rowLoop)))
        (local.set $y0 ${get('yEnd')})
        (br $bandLoop)))
      (local.set $img ${add(get('img'), '(i32.const 1)')})
      (br $imgLoop)))
  )`;
}

/** The exported functions filterGrad16, filterGrad4 and filterGrad1 (`relaxed`: with fused multiply-adds). */
export function filterGradWat(relaxed: boolean): string {
  return CHANNEL_BLOCKS.map(({ width, lanes, accumulators }) => filterGradFunction({ name: `filterGrad${width}`, lanes, accumulators }, relaxed)).join('\n');
}
