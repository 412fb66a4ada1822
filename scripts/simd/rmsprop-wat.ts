// WebAssembly text of the fused RMSprop update (see src/backend/wasm/rmsprop-update.ts).
import { splat, updateFunction, type LaneStep } from './update-loop.js';

/**
 * One element step, four lanes at a time (`vector`) or one. With s = the mean square and
 * m = the moment, in tfjs's RMSPropOptimizer's order of operations (no fused multiply-add,
 * so both SIMD builds round as it does):
 *   s' = s*rho + (g*g)*keep;  m' = m*momentum + (g*lr) / sqrt(s' + eps);  p' = p - m'
 * The moment is computed and stored even for momentum 0, as tfjs keeps it.
 */
const step = ({ t, load, store, local, at, s }: LaneStep) => `(local.set $g${s} (${load} ${at('g')}))
      (local.set $ns${s} (${t}.add (${t}.mul (${load} ${at('ms')}) ${local('rho')}) (${t}.mul (${t}.mul ${local('g')} ${local('g')}) ${local('keep')})))
      (local.set $nm${s} (${t}.add (${t}.mul (${load} ${at('mom')}) ${local('momentum')})
        (${t}.div (${t}.mul ${local('g')} ${local('lr')}) (${t}.sqrt (${t}.add ${local('ns')} ${local('eps')})))))
      (${store} ${at('mso')} ${local('ns')})
      (${store} ${at('momo')} ${local('nm')})
      (${store} ${at('po')} (${t}.sub (${load} ${at('p')}) ${local('nm')}))`;

/**
 * The exported function rmsprop(p, ms, mom, g, pOut, msOut, momOut, length, rho, keep, momentum, eps, lr);
 * keep = 1 - rho is passed in, rounded once from double as tfjs rounds its scalar.
 */
export function rmspropWat(): string {
  return updateFunction('rmsprop', [
    '(local $rhoV v128) (local $keepV v128) (local $momentumV v128) (local $epsV v128) (local $lrV v128)',
    '(local $gV v128) (local $nsV v128) (local $nmV v128)',
    '(local $gS f32) (local $nsS f32) (local $nmS f32)',
  ], [
    ...['rho', 'keep', 'momentum', 'eps', 'lr'].map(splat),
  ], step);
}
