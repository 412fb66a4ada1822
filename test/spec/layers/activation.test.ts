import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { initBackend } from '../../../src/backend/select.js';
import { activation } from '../../../src/spec/layers/activation.js';
import { assertConfigError, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([['Activation', { class_name: 'Activation', config: { activation: 'relu' } }, [4, 4, 2], [4, 4, 2], 0]]);

const apply = (name: string, values: number[]) =>
  tf.tidy(() => {
    const layer = activation.toTfjs(activation.schema.parse({ activation: name }), { name: 'a', dataFormat: 'channels_last', inputShape: [values.length], input: [null, values.length] });
    return Array.from((layer.apply(tf.tensor2d([values])) as tf.Tensor).dataSync());
  });

test('Activation applies the Keras function named, hard_sigmoid included', () => {
  assert.deepEqual(apply('relu', [-1, 2]), [0, 2]);
  // Keras's hard_sigmoid: clip(0.2 x + 0.5, 0, 1).
  assert.deepEqual(apply('hard_sigmoid', [-5, 0, 1, 5]).map((v) => Number(v.toFixed(5))), [0, 0.5, 0.7, 1]);
  assert.deepEqual(apply('linear', [-3, 3]), [-3, 3]);
});

test('Activation needs a known function name at its JSON path', () => {
  assertConfigError({ class_name: 'Activation', config: { activation: 'leaky_relu' } }, /model\.layers\[0\]\.config\.activation must be one of linear, relu, .*Received: "leaky_relu"\./);
  assertConfigError({ class_name: 'Activation', config: {} }, /model\.layers\[0\]\.config\.activation must be one of .*Received: nothing\./);
});
