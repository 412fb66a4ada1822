import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RMSPROP_UPDATE_KERNEL } from '../../../src/backend/kernel-names.js';
import { makeOptimizer } from '../../../src/model/compile.js';
import { FusedRMSProp } from '../../../src/model/fused-rmsprop.js';
import { useWasm } from '../compare.js';
import { EPSILON, LEARNING_RATE, testFusedUpdate } from './optimizer-update-cases.js';

const RHO = 0.9;

testFusedUpdate({
  name: 'RMSprop',
  kernel: RMSPROP_UPDATE_KERNEL,
  cases: [{ momentum: 0, decay: 0 }, { momentum: 0, decay: 0.5 }, { momentum: 0.9, decay: 0.5 }],
  describeCase: (c) => `momentum ${c.momentum}, decay ${c.decay}`,
  tfjs: (c) => tf.train.rmsprop(LEARNING_RATE, RHO, c.momentum, EPSILON),
  fused: (c) => makeOptimizer({ name: 'rmsprop', config: { learning_rate: LEARNING_RATE, rho: RHO, momentum: c.momentum, epsilon: EPSILON, decay: c.decay } }),
  isFused: (optimizer) => optimizer instanceof FusedRMSProp,
  // The mean squares (…/rms), then the moments (…/momentum), kept even with momentum 0, as tfjs does.
  slots: ['rms', 'momentum'],
  labels: ['mean square', 'moment'],
});

test('the fused RMSprop update refuses a tensor that is not float32', async () => {
  await useWasm();
  const f = tf.zeros([3]);
  const i = tf.zeros([3], 'int32');
  assert.throws(() => tf.engine().runKernel(RMSPROP_UPDATE_KERNEL, { value: f, meanSquare: f, moment: i, gradient: f }, { rho: 0.9, momentum: 0, epsilon: 1e-7, learningRate: 1 }),
    /KerastsRMSPropUpdate takes float32 tensors; received int32/);
  tf.dispose([f, i]);
});
