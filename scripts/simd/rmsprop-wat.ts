// WebAssembly text of the fused RMSprop update (see src/backend/wasm/rmsprop-update.ts).
import { watParams } from '../../src/backend/wasm/simd/table.js';
import { laneOps } from './wat-text.js';

/**
 * One element step, four lanes at a time (`vector`) or one. With s = the mean square and
 * m = the moment, in tfjs's RMSPropOptimizer's order of operations (no fused multiply-add,
 * so both SIMD builds round as it does):
 *   s' = s*rho + (g*g)*keep;  m' = m*momentum + (g*lr) / sqrt(s' + eps);  p' = p - m'
 * The moment is computed and stored even for momentum 0, as tfjs keeps it.
 */
function loop(vector: boolean): string {
  const { float: t, load, store, step: width } = laneOps(vector);
  const s = vector ? 'V' : 'S';
  const local = (name: string) => `(local.get $${name}${s})`;
  const at = (base: string) => `(i32.add (local.get $${base}) (local.get $at))`;
  return `
    (block $done${s} (loop $next${s}
      (br_if $done${s} (i32.gt_u (i32.add (local.get $at) (i32.const ${width})) (local.get $bytes)))
      (local.set $g${s} (${load} ${at('g')}))
      (local.set $ns${s} (${t}.add (${t}.mul (${load} ${at('ms')}) ${local('rho')}) (${t}.mul (${t}.mul ${local('g')} ${local('g')}) ${local('keep')})))
      (local.set $nm${s} (${t}.add (${t}.mul (${load} ${at('mom')}) ${local('momentum')})
        (${t}.div (${t}.mul ${local('g')} ${local('lr')}) (${t}.sqrt (${t}.add ${local('ns')} ${local('eps')})))))
      (${store} ${at('mso')} ${local('ns')})
      (${store} ${at('momo')} ${local('nm')})
      (${store} ${at('po')} (${t}.sub (${load} ${at('p')}) ${local('nm')}))
      (local.set $at (i32.add (local.get $at) (i32.const ${width})))
      (br $next${s})))`;
}

/**
 * The exported function rmsprop(p, ms, mom, g, pOut, msOut, momOut, length, rho, keep, momentum, eps, lr);
 * keep = 1 - rho is passed in, rounded once from double as tfjs rounds its scalar.
 */
export function rmspropWat(): string {
  return `
  (func (export "rmsprop")
    ${watParams('rmsprop')}
    (local $bytes i32) (local $at i32)
    (local $rhoV v128) (local $keepV v128) (local $momentumV v128) (local $epsV v128) (local $lrV v128)
    (local $gV v128) (local $nsV v128) (local $nmV v128)
    (local $gS f32) (local $nsS f32) (local $nmS f32)
    (local.set $rhoV (f32x4.splat (local.get $rhoS)))
    (local.set $keepV (f32x4.splat (local.get $keepS)))
    (local.set $momentumV (f32x4.splat (local.get $momentumS)))
    (local.set $epsV (f32x4.splat (local.get $epsS)))
    (local.set $lrV (f32x4.splat (local.get $lrS)))
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $at (i32.const 0))${loop(true)}${loop(false)}
  )`;
}
