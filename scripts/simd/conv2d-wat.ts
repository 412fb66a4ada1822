// WebAssembly text of the forward convolution kernels (see src/backend/wasm/conv2d.ts).
import { CHANNEL_BLOCKS, watParams } from '../../src/backend/wasm/simd/table.js';
import { add, bytes, get, laneOps, mul, pairTile } from './wat-text.js';

/**
 * One exported function conv<block>(x, w, bias, out, n, h, wd, c, oh, ow, co, kh, kw, sh,
 * sw, coStart, coEnd, hasBias, relu) for output channels [coStart, coEnd) in blocks of
 * lanes*accumulators, on an input already padded (NHWC [n, h, wd, c]), filter [kh, kw, c, co]:
 *   out[n][y][x][o] = bias[o] + sum over (i, j, cc) of x[n][y*sh + i][x*sw + j][cc] * w[i][j][cc][o]
 * then max(0, ·) when `relu`. Two output pixels of a row share each filter load (an odd
 * last pixel is paired with itself). For one block of output channels the filter rows
 * (kh*kw*c of them, 64 bytes each at 16 channels) stay in L1 while a row of pixels is swept.
 */
function convFunction(name: string, lanes: 4 | 1, accumulators: number, relaxed: boolean): string {
  const vector = lanes === 4;
  const ops = laneOps(vector);
  const block = lanes * accumulators;
  const tile = pairTile(vector, accumulators, relaxed);
  const init = [...Array(accumulators).keys()]
    .map((i) => `(local.set $a${i} (if (result ${ops.type}) ${get('hasBias')} (then (${ops.load} offset=${i * ops.step} ${get('bp')})) (else ${ops.zero})))\n(local.set $b${i} ${get(`a${i}`)})`)
    .join('\n');
  const relu = (value: string) => `(if (result ${ops.type}) ${get('relu')} (then (${ops.max} ${value} ${ops.zero})) (else ${value}))`;
  return `
  (func (export "${name}")
    ${watParams('conv')}
    (local $img i32) (local $y i32) (local $cob i32) (local $x0 i32) (local $x1 i32) (local $i i32) (local $t i32)
    (local $tapRow i32) (local $wRowBytes i32) (local $xp0 i32) (local $xp1 i32) (local $wp i32) (local $bp i32)
    (local $op0 i32) (local $op1 i32) (local $rowBase i32)
    ${tile.locals}
    (local.set $tapRow ${mul(get('kw'), get('c'))})
    (local.set $wRowBytes ${bytes(get('co'))})
    (if (i32.or (i32.or (i32.eqz ${get('ow')}) (i32.eqz ${get('tapRow')})) (i32.ge_u ${get('coStart')} ${get('coEnd')})) (then (return)))
    (local.set $img (i32.const 0))
    (block $imgDone (loop $imgLoop
      (br_if $imgDone (i32.ge_u ${get('img')} ${get('n')}))
      (local.set $y (i32.const 0))
      (block $yDone (loop $yLoop
        (br_if $yDone (i32.ge_u ${get('y')} ${get('oh')}))
        ;; Byte offset of input row y*sh of this image.
        (local.set $rowBase ${bytes(mul(mul(add(mul(get('img'), get('h')), mul(get('y'), get('sh'))), get('wd')), get('c')))})
        (local.set $cob ${get('coStart')})
        (block $coDone (loop $coLoop
          (br_if $coDone (i32.ge_u ${get('cob')} ${get('coEnd')}))
          (local.set $bp ${add(get('bias'), bytes(get('cob')))})
          (local.set $x0 (i32.const 0))
          (block $xDone (loop $xLoop
            (br_if $xDone (i32.ge_u ${get('x0')} ${get('ow')}))
            (local.set $x1 (select ${add(get('x0'), '(i32.const 1)')} ${get('x0')} (i32.lt_u ${add(get('x0'), '(i32.const 1)')} ${get('ow')})))
            ${init}
            (local.set $i (i32.const 0))
            (block $iDone (loop $iLoop
              (br_if $iDone (i32.ge_u ${get('i')} ${get('kh')}))
              (local.set $xp0 ${add(add(get('x'), get('rowBase')), bytes(add(mul(mul(get('i'), get('wd')), get('c')), mul(mul(get('x0'), get('sw')), get('c')))))})
              (local.set $xp1 ${add(get('xp0'), bytes(mul(mul(`(i32.sub ${get('x1')} ${get('x0')})`, get('sw')), get('c'))))})
              (local.set $wp ${add(get('w'), bytes(add(mul(mul(get('i'), get('tapRow')), get('co')), get('cob'))))})
              (local.set $t ${get('tapRow')})
              (loop $tLoop
                ${tile.step('wp', 'xp0', 'xp1')}
                (local.set $xp0 ${add(get('xp0'), '(i32.const 4)')})
                (local.set $xp1 ${add(get('xp1'), '(i32.const 4)')})
                (local.set $wp ${add(get('wp'), get('wRowBytes'))})
                (local.set $t (i32.sub ${get('t')} (i32.const 1)))
                (br_if $tLoop ${get('t')}))
              (local.set $i ${add(get('i'), '(i32.const 1)')})
              (br $iLoop)))
            (local.set $op0 ${add(get('out'), bytes(add(mul(add(mul(add(mul(get('img'), get('oh')), get('y')), get('ow')), get('x0')), get('co')), get('cob'))))})
            (local.set $op1 ${add(get('op0'), bytes(mul(`(i32.sub ${get('x1')} ${get('x0')})`, get('co'))))})
            ${tile.store('op0', 'op1', relu)}
            (local.set $x0 ${add(get('x0'), '(i32.const 2)')})
            (br $xLoop)))
          (local.set $cob ${add(get('cob'), `(i32.const ${block})`)})
          (br $coLoop)))
        (local.set $y ${add(get('y'), '(i32.const 1)')})
        (br $yLoop)))
      (local.set $img ${add(get('img'), '(i32.const 1)')})
      (br $imgLoop)))
  )`;
}

/** The exported functions conv16, conv4 and conv1 (output channels per block; `relaxed`: with fused multiply-adds). */
export function conv2dWat(relaxed: boolean): string {
  return CHANNEL_BLOCKS.map(({ width, lanes, accumulators }) => convFunction(`conv${width}`, lanes, accumulators, relaxed)).join('\n');
}
