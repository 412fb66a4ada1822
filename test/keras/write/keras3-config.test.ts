import assert from 'node:assert/strict';
import { test } from 'node:test';
import tf from '../../../src/util/tfjs.cjs';
import { UserError } from '../../../src/errors.js';
import { keras3LayerNames, keras3ModelConfig } from '../../../src/keras/write/keras3-config.js';
import { smallModel } from '../../helpers/small-model.js';

test('layer paths are Keras 3 snake-case class names, numbered from the second of a class', () => {
  assert.deepEqual(
    keras3LayerNames(['Conv2D', 'Activation', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Dense', 'Dense', 'BatchNormalization', 'Conv2DTranspose', 'UpSampling2D', 'ZeroPadding2D', 'GlobalAveragePooling2D']),
    ['conv2d', 'activation', 'conv2d_1', 'max_pooling2d', 'dropout', 'flatten', 'dense', 'dense_1', 'dense_2', 'batch_normalization', 'conv2d_transpose', 'up_sampling2d', 'zero_padding2d', 'global_average_pooling2d'],
  );
});

test('named Glorot/He/Lecun initializers keep only their seed (Keras 3 takes no other argument)', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }) })] });
  const dense = (keras3ModelConfig(model).config as { layers: { config: Record<string, unknown> }[] }).layers[1]!.config;
  const initializer = dense.kernel_initializer as { module: string; class_name: string; config: Record<string, unknown> };
  assert.equal(initializer.module, 'keras.initializers');
  if (initializer.class_name === 'HeNormal') assert.deepEqual(initializer.config, { seed: null });
  else assert.equal(initializer.class_name, 'VarianceScaling');
  assert.deepEqual(dense.kernel_regularizer, { module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0, l2: 0.01 }, registered_name: null });
  model.dispose();
  const small = await smallModel();
  assert.equal((keras3ModelConfig(small).config as { layers: unknown[] }).layers.length, 7);
  small.dispose();
});

test('a functional model is refused with a hint (exit 2)', () => {
  const input = tf.input({ shape: [4] });
  const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor });
  assert.throws(() => keras3ModelConfig(model), (error: unknown) => error instanceof UserError && error.exitCode === 2 && /Sequential models/.test(error.message));
  model.dispose();
});

test('a channels-first model keeps its data_format; Flatten says channels_last (flatten in stored order) outright', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [1, 6, 6], filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const config = keras3ModelConfig(model) as unknown as { config: { layers: { class_name: string; config: Record<string, unknown>; build_config?: unknown }[] } };
  const [input, conv, flatten, dense] = config.config.layers;
  assert.deepEqual(input!.config.batch_shape, [null, 1, 6, 6]);
  assert.equal(conv!.config.data_format, 'channels_first');
  assert.equal(flatten!.config.data_format, 'channels_last');
  assert.deepEqual(flatten!.build_config, { input_shape: [null, 2, 4, 4] });
  assert.deepEqual(dense!.build_config, { input_shape: [null, 32] });
  model.dispose();
});
