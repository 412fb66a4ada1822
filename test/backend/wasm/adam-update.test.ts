import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADAM_UPDATE_KERNEL } from '../../../src/backend/kernel-names.js';
import { makeOptimizer } from '../../../src/model/compile.js';
import { FusedAdam } from '../../../src/model/fused-adam.js';
import { useWasm } from '../compare.js';
import { EPSILON, LEARNING_RATE, testFusedUpdate } from './optimizer-update-cases.js';

const BETA1 = 0.9;

// The kernel also reads tfjs's float32 bias corrections (1 - beta^t), so those agree too.
testFusedUpdate({
  name: 'Adam',
  kernel: ADAM_UPDATE_KERNEL,
  cases: [{ beta2: 0.999, decay: 0 }, { beta2: 0.999, decay: 0.5 }, { beta2: 0.8, decay: 0.5 }],
  describeCase: (c) => `beta2 ${c.beta2}, decay ${c.decay}`,
  tfjs: (c) => tf.train.adam(LEARNING_RATE, BETA1, c.beta2, EPSILON),
  fused: (c) => makeOptimizer({ name: 'adam', config: { learning_rate: LEARNING_RATE, beta_1: BETA1, beta_2: c.beta2, epsilon: EPSILON, decay: c.decay } }),
  isFused: (optimizer) => optimizer instanceof FusedAdam,
  // The first moments (…/m), then the second (…/v), as tfjs's.
  slots: ['m', 'v'],
  labels: ['first moment', 'second moment'],
});

test('the fused Adam update refuses a tensor that is not float32, and bias corrections that are not scalars', async () => {
  await useWasm();
  const f = tf.zeros([3]);
  const i = tf.zeros([3], 'int32');
  const c = tf.scalar(0.1);
  const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 1 };
  const run = (inputs: Record<string, tf.Tensor>) => tf.engine().runKernel(ADAM_UPDATE_KERNEL, { value: f, firstMoment: f, secondMoment: f, gradient: f, oneMinusAccBeta1: c, oneMinusAccBeta2: c, ...inputs }, attrs);
  assert.throws(() => run({ secondMoment: i }), /KerastsAdamUpdate takes float32 tensors; received int32/);
  assert.throws(() => run({ oneMinusAccBeta2: f }), /KerastsAdamUpdate's bias corrections are scalars; received shape \[3\]/);
  tf.dispose([f, i, c]);
});
