// WebAssembly text of the fused Keras Adadelta update (see src/backend/wasm/adadelta-update.ts).
import { splat, updateFunction, type LaneStep } from './update-loop.js';

/**
 * One element step, four lanes at a time (`vector`) or one. With a = accumulated squared
 * gradients and d = accumulated squared updates:
 *   a' = rho*a + (1 - rho)*g²;  u = sqrt(d + eps) / sqrt(a' + eps) * g;
 *   d' = rho*d + (1 - rho)*u²;  p' = p - u*lr
 * in the order of operations of the tf-ops version.
 */
const step = ({ t, load, store, local, at, s }: LaneStep) => `(local.set $g${s} (${load} ${at('g')}))
      (local.set $na${s} (${t}.add (${t}.mul ${local('rho')} (${load} ${at('a')})) (${t}.mul ${local('keep')} (${t}.mul ${local('g')} ${local('g')}))))
      (local.set $d${s} (${load} ${at('d')}))
      (local.set $u${s} (${t}.mul (${t}.div (${t}.sqrt (${t}.add ${local('d')} ${local('eps')})) (${t}.sqrt (${t}.add ${local('na')} ${local('eps')}))) ${local('g')}))
      (${store} ${at('ao')} ${local('na')})
      (${store} ${at('do')} (${t}.add (${t}.mul ${local('rho')} ${local('d')}) (${t}.mul ${local('keep')} (${t}.mul ${local('u')} ${local('u')}))))
      (${store} ${at('po')} (${t}.sub (${load} ${at('p')}) (${t}.mul ${local('u')} ${local('lr')})))`;

/**
 * The exported function adadelta(p, a, d, g, pOut, aOut, dOut, length, rho, keep, eps, lr);
 * keep = 1 - rho is passed in, rounded once from double as the tf-ops version rounds it.
 */
export function adadeltaWat(): string {
  return updateFunction('adadelta', [
    '(local $rhoV v128) (local $keepV v128) (local $epsV v128) (local $lrV v128)',
    '(local $gV v128) (local $naV v128) (local $dV v128) (local $uV v128)',
    '(local $gS f32) (local $naS f32) (local $dS f32) (local $uS f32)',
  ], [
    ...['rho', 'keep', 'eps', 'lr'].map(splat),
  ], step);
}
