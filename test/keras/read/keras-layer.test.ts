import assert from 'node:assert/strict';
import { test } from 'node:test';
import { supportedLayerList, translateKerasLayer } from '../../../src/keras/read/keras-layer.js';
import { userError } from '../../helpers/user-error.js';

test('a Keras 1 Convolution2D becomes a Keras 2 Conv2D, channels-first kept', () => {
  const layer = translateKerasLayer(
    {
      class_name: 'Convolution2D',
      config: {
        name: 'convolution2d_1', nb_filter: 32, nb_row: 3, nb_col: 2, dim_ordering: 'th', border_mode: 'valid', subsample: [1, 1],
        init: 'glorot_uniform', bias: true, activation: 'relu', input_dtype: 'float32', batch_input_shape: [null, 1, 28, 28],
        W_regularizer: null, b_regularizer: null, W_constraint: null, b_constraint: null, activity_regularizer: null, trainable: true,
      },
    },
    0,
    'm.json',
  );
  assert.equal(layer.class_name, 'Conv2D');
  const c = layer.config;
  assert.equal(c.name, 'convolution2d_1');
  assert.equal(c.filters, 32);
  assert.deepEqual(c.kernel_size, [3, 2]);
  assert.equal(c.data_format, 'channels_first');
  assert.equal(c.padding, 'valid');
  assert.deepEqual(c.strides, [1, 1]);
  assert.equal(c.kernel_initializer, 'glorot_uniform');
  assert.equal(c.use_bias, true);
  assert.equal(c.activation, 'relu');
  assert.equal(c.dtype, 'float32');
  assert.equal(c.kernel_regularizer, null);
  assert.equal(c.kernel_constraint, null);
  for (const old of ['nb_filter', 'nb_row', 'nb_col', 'dim_ordering', 'init', 'input_dtype', 'W_regularizer', 'border_mode', 'subsample']) assert.ok(!(old in c), old);
});

test('Keras 1 Dense, Dropout and regularizer objects take their Keras 2 names', () => {
  const dense = translateKerasLayer(
    { class_name: 'Dense', config: { name: 'd', output_dim: 10, input_dim: 128, W_regularizer: { name: 'WeightRegularizer', l1: 0, l2: 0.01 }, W_constraint: { name: 'MaxNorm', m: 3 } } },
    3,
    'm.json',
  ).config;
  assert.equal(dense.units, 10);
  assert.deepEqual(dense.input_shape, [128]);
  assert.deepEqual(dense.kernel_regularizer, { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } });
  assert.deepEqual(dense.kernel_constraint, { class_name: 'MaxNorm', config: { max_value: 3, axis: 0 } });
  assert.equal(translateKerasLayer({ class_name: 'Dropout', config: { name: 'x', p: 0.25 } }, 1, 'm.json').config.rate, 0.25);
});

test('a Keras 2 layer passes through; unnamed layers get Keras-style names', () => {
  const conv = translateKerasLayer({ class_name: 'Conv2D', config: { filters: 2, kernel_size: [3, 3], data_format: 'channels_last' } }, 4, 'm.json');
  assert.equal(conv.config.name, 'conv2d_5');
  assert.equal(conv.config.data_format, 'channels_last');
  assert.equal(translateKerasLayer({ class_name: 'LeakyReLU', config: { alpha: 0.3 } }, 1, 'm.json').config.name, 'leaky_re_lu_2');
});

test('Keras 3 spellings: batch_shape, DTypePolicy, LeakyReLU negative_slope', () => {
  const input = translateKerasLayer({ class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 28, 28, 1], dtype: 'float32' } }, 0, 'c.json');
  assert.deepEqual(input.config.batch_input_shape, [null, 28, 28, 1]);
  assert.ok(!('batch_shape' in input.config));
  const conv = translateKerasLayer(
    { class_name: 'Conv2D', config: { name: 'c', filters: 1, kernel_size: 1, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } } }, registered_name: null },
    1,
    'c.json',
  );
  assert.equal(conv.config.dtype, 'float32');
  assert.equal(translateKerasLayer({ class_name: 'LeakyReLU', config: { name: 'l', negative_slope: 0.2 } }, 2, 'c.json').config.alpha, 0.2);
});

test('unsupported layers name the layer, its class and the supported ones; a Lambda is never run', () => {
  assert.throws(() => translateKerasLayer({ class_name: 'LSTM', config: { name: 'lstm_1' } }, 2, 'm.json'), userError(/layer 2 \("lstm_1"\) is a LSTM layer.*Supported layers: Conv2D \(Keras 1: Convolution2D\)/, 'KERAS_LAYER_UNSUPPORTED'));
  assert.throws(
    () => translateKerasLayer({ class_name: 'Lambda', config: { name: 'lam', function: ['print(1)', null, null] } }, 1, 'm.json'),
    userError(/"lam"\) is a Lambda layer \(a Lambda holds Python code, which kerasts never runs\)/),
  );
  assert.throws(() => translateKerasLayer({ class_name: 'Dense', registered_name: 'Custom>Dense', config: { name: 'mine', units: 1 } }, 0, 'm.json'), userError(/"mine"\) is a custom Dense layer \(from [^)]+\), which kerasts cannot build/));
  assert.throws(() => translateKerasLayer({ class_name: 'constructor', config: {} }, 0, 'm.json'), userError(/is a constructor layer/));
  assert.throws(() => translateKerasLayer({ module: 'my_layers', class_name: 'Dense', registered_name: null, config: { name: 'mine', units: 1 } }, 0, 'm.json'), userError(/"mine"\) is a custom Dense layer \(from [^)]+\), which kerasts cannot build/));
  assert.equal(translateKerasLayer({ module: 'keras.layers', class_name: 'Dense', registered_name: null, config: { name: 'd', units: 1 } }, 0, 'm.json').class_name, 'Dense');
  assert.throws(() => translateKerasLayer('Dense', 0, 'm.json'), userError(/layer 0 must be an object with a "class_name" string/, 'KERAS_MODEL_INVALID'));
  assert.throws(() => translateKerasLayer({ class_name: 'Dense', config: [1] }, 3, 'm.json'), userError(/layer 3 \(a Dense\) must have a "config" object/, 'KERAS_MODEL_INVALID'));
  assert.match(supportedLayerList(), /LeakyReLU, ELU, InputLayer$/);
});

test('Keras 1 BatchNormalization: mode 0 is Keras 2, other modes are refused; float64 is refused', () => {
  const bn = translateKerasLayer({ class_name: 'BatchNormalization', config: { name: 'bn', mode: 0, epsilon: 0.001, gamma_init: 'one', beta_init: 'zero' } }, 1, 'm.json').config;
  assert.ok(!('mode' in bn));
  assert.equal(bn.gamma_initializer, 'ones');
  assert.equal(bn.beta_initializer, 'zeros');
  assert.throws(() => translateKerasLayer({ class_name: 'BatchNormalization', config: { name: 'bn', mode: 2 } }, 1, 'm.json'), userError(/mode 2; only mode 0/));
  assert.throws(() => translateKerasLayer({ class_name: 'Dense', config: { name: 'd', units: 1, dtype: 'float64' } }, 1, 'm.json'), userError(/float32 only/));
  assert.throws(() => translateKerasLayer({ class_name: 'Dense', config: { name: 'd', units: 1, W_regularizer: { name: 'Mystery' } } }, 1, 'm.json'), userError(/kernel_regularizer is "Mystery"/));
});

test('arguments tfjs-layers would ignore are refused unless at their default; Keras 1 mistakes name the layer path', () => {
  assert.equal(translateKerasLayer({ class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3, groups: 1 } }, 0, 'm.json').config.groups, 1);
  assert.throws(() => translateKerasLayer({ class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3, groups: 2 } }, 1, 'm.json'), userError(/layer 1 \("c"\) sets groups to 2, which kerasts cannot build \(only 1\)/, 'KERAS_LAYER_UNSUPPORTED'));
  assert.throws(() => translateKerasLayer({ class_name: 'Conv2DTranspose', config: { name: 't', filters: 2, kernel_size: 3, output_padding: [1, 1] } }, 1, 'm.json'), userError(/sets output_padding to \[1,1\]/));
  assert.throws(() => translateKerasLayer({ class_name: 'Convolution2D', config: { name: 'c', nb_filter: 2, nb_row: 3 } }, 2, 'm.json'), userError(/^m\.json: layers\[2\]\.config gives only one of "nb_row" and "nb_col"/));
});
