/**
 * Bit-exact resume for Adam. During training tfjs keeps beta^(t+1) as a running float32
 * product (one multiplication per update), but its `setWeights` recomputes it as
 * `pow(beta, t + 1)`, which differs in the last bits after a few dozen updates: a resumed run
 * then drifts from an uninterrupted one by an ULP per weight. The product is rebuilt here.
 */
import tf from '../util/tfjs.cjs';

/** beta^(updates + 1) exactly as Adam's running float32 product reaches it after `updates` updates. */
export function runningPower(beta: number, updates: number): number {
  const b = Math.fround(beta);
  let power = b;
  // float32 products of float32 values are exact in a double, so one fround is IEEE float32 multiplication.
  for (let i = 0; i < updates; i++) power = Math.fround(power * b);
  return power;
}

interface AdamState {
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/** After an Adam optimizer's state was loaded (a checkpoint), sets its beta powers as training would have. */
export function restoreAdamPowers(optimizer: tf.Optimizer | undefined): void {
  // tfjs's instanceof for optimizers is duck-typed (an SGD passes): the powers must be there too.
  const adam = optimizer as unknown as Partial<AdamState> | undefined;
  if (!(optimizer instanceof tf.AdamOptimizer) || adam?.accBeta1 === undefined || adam.accBeta2 === undefined || adam.beta1 === undefined || adam.beta2 === undefined) return;
  const { accBeta1, accBeta2, beta1, beta2 } = adam;
  const updates = optimizer.iterations;
  tf.tidy(() => {
    accBeta1.assign(tf.scalar(runningPower(beta1, updates)));
    accBeta2.assign(tf.scalar(runningPower(beta2, updates)));
  });
}
