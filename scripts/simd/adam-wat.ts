// WebAssembly text of the fused Adam update (see src/backend/wasm/adam-update.ts).
import { splat, updateFunction, type LaneStep } from './update-loop.js';

/**
 * One element step, four lanes at a time (`vector`) or one, in tfjs's AdamOptimizer's order
 * of operations (no fused multiply-add, so both SIMD builds round as it does), with c1, c2
 * the bias corrections 1 - beta^t:
 *   m' = m*b1 + g*keep1;  v' = v*b2 + (g*g)*keep2;
 *   p' = ((m'/c1) / (sqrt(v'/c2) + eps)) * -lr + p
 */
const step = ({ t, load, store, local, at, s }: LaneStep) => `(local.set $g${s} (${load} ${at('g')}))
      (local.set $nm${s} (${t}.add (${t}.mul (${load} ${at('m')}) ${local('b1')}) (${t}.mul ${local('g')} ${local('keep1')})))
      (local.set $nv${s} (${t}.add (${t}.mul (${load} ${at('v')}) ${local('b2')}) (${t}.mul (${t}.mul ${local('g')} ${local('g')}) ${local('keep2')})))
      (${store} ${at('mo')} ${local('nm')})
      (${store} ${at('vo')} ${local('nv')})
      (${store} ${at('po')} (${t}.add
        (${t}.mul (${t}.div (${t}.div ${local('nm')} ${local('c1')}) (${t}.add (${t}.sqrt (${t}.div ${local('nv')} ${local('c2')})) ${local('eps')})) ${local('negLr')})
        (${load} ${at('p')})))`;

/**
 * The exported function adam(p, m, v, g, c1, c2, pOut, mOut, vOut, length, b1, keep1, b2, keep2, eps, -lr);
 * c1 and c2 point at float32 scalars; keep = 1 - beta and -lr are passed in, rounded once from
 * double as tfjs rounds its scalars.
 */
export function adamWat(): string {
  return updateFunction('adam', [
    '(local $b1V v128) (local $keep1V v128) (local $b2V v128) (local $keep2V v128) (local $epsV v128) (local $negLrV v128)',
    '(local $c1V v128) (local $c2V v128) (local $gV v128) (local $nmV v128) (local $nvV v128)',
    '(local $c1S f32) (local $c2S f32) (local $gS f32) (local $nmS f32) (local $nvS f32)',
  ], [
    '(local.set $c1S (f32.load (local.get $c1)))',
    '(local.set $c2S (f32.load (local.get $c2)))',
    ...['c1', 'c2', 'b1', 'keep1', 'b2', 'keep2', 'eps', 'negLr'].map(splat),
  ], step);
}
