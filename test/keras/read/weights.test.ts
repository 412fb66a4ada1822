import assert from 'node:assert/strict';
import tf from '../../../src/util/tfjs.cjs';
import { before, test } from 'node:test';
import type { KerasWeight } from '../../../src/keras/read/keras-file.js';
import { setKerasWeights } from '../../../src/keras/read/weights.js';
import { userError } from '../../helpers/user-error.js';
import { useCpu } from '../../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

const model = () =>
  tf.sequential({ layers: [tf.layers.dense({ name: 'd1', units: 2, inputShape: [3] }), tf.layers.activation({ name: 'a', activation: 'relu' }), tf.layers.batchNormalization({ name: 'bn' })] });

const weights = (): KerasWeight[] => [
  { layer: 'd1', name: 'd1/kernel:0', shape: [3, 2], values: Float32Array.of(1, 2, 3, 4, 5, 6) },
  { layer: 'd1', name: 'd1/bias:0', shape: [2], values: Float32Array.of(7, 8) },
  ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((n, i) => ({ layer: 'bn', name: `bn/${n}:0`, shape: [2], values: Float32Array.of(i, i + 0.5) })),
];

test('every weight is set by layer name, trainable and not, in Keras order', (t) => {
  const m = model();
  t.after(() => m.dispose());
  setKerasWeights(m, weights(), 'w.h5');
  assert.deepEqual(Array.from(m.getLayer('d1').getWeights()[0]!.dataSync()), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(m.getLayer('bn').getWeights().map((w) => Array.from(w.dataSync())), [[0, 0.5], [1, 1.5], [2, 2.5], [3, 3.5]]);
});

test('a mismatch is refused before any weight is set', (t) => {
  const m = model();
  t.after(() => m.dispose());
  const before = Array.from(m.getLayer('d1').getWeights()[0]!.dataSync());
  const bad = weights();
  bad[5] = { ...bad[5]!, shape: [3] , values: Float32Array.of(1, 2, 3) };
  assert.throws(() => setKerasWeights(m, bad, 'w.h5'), userError(/^w\.h5: bn\/moving_variance:0: the weight bn\/moving_variance:0 has shape \[3\]; layer "bn" \(BatchNormalization\) expects \[2\] there/, 'KERAS_WEIGHTS_MISMATCH'));
  assert.deepEqual(Array.from(m.getLayer('d1').getWeights()[0]!.dataSync()), before, 'd1 was not set from a file that does not match');
  assert.throws(() => setKerasWeights(m, weights().slice(0, 2), 'w.h5'), userError(/layer "bn" \(BatchNormalization\) has 4 weights/));
  assert.throws(() => setKerasWeights(m, [...weights(), { layer: 'a', name: 'a/x', shape: [1], values: Float32Array.of(0) }], 'w.h5'), userError(/layer "a" \(Activation\) has 0 weights \(\); the file gives 1: a\/x/));
});
