import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keras1ConfigKeys, rewritePath, translateKeras1, translateLayer } from '../../src/spec/keras1.js';
import { UserError } from '../../src/errors.js';

const at = ['model', 'layers', 0];

test('Convolution2D with nb_filter/nb_row/nb_col/border_mode/subsample/dim_ordering becomes Conv2D', () => {
  const { layer } = translateLayer(
    { class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3, nb_col: 5, border_mode: 'same', subsample: [2, 2], dim_ordering: 'th', init: 'he_normal', bias: false, activation: 'relu' } },
    at,
  );
  assert.deepEqual(layer, {
    class_name: 'Conv2D',
    config: { filters: 32, kernel_size: [3, 5], padding: 'same', strides: [2, 2], data_format: 'channels_first', kernel_initializer: 'he_normal', use_bias: false, activation: 'relu' },
  });
});

test('dim_ordering "tf" maps to channels_last and "default" is dropped (follow the setting)', () => {
  assert.deepEqual(translateLayer({ class_name: 'MaxPooling2D', config: { dim_ordering: 'tf', border_mode: 'valid' } }, at).layer, {
    class_name: 'MaxPooling2D',
    config: { data_format: 'channels_last', padding: 'valid' },
  });
  assert.deepEqual(translateLayer({ class_name: 'MaxPooling2D', config: { dim_ordering: 'default', pool_size: [2, 2] } }, at).layer, {
    class_name: 'MaxPooling2D',
    config: { pool_size: [2, 2] },
  });
});

test('Dense output_dim/input_dim and Dropout p are renamed', () => {
  assert.deepEqual(translateLayer({ class_name: 'Dense', config: { output_dim: 128, input_dim: 784 } }, at).layer, {
    class_name: 'Dense',
    config: { units: 128, input_shape: [784] },
  });
  assert.deepEqual(translateLayer({ class_name: 'Dropout', config: { p: 0.25 } }, at).layer, { class_name: 'Dropout', config: { rate: 0.25 } });
});

test('Keras 2 spellings pass through unchanged', () => {
  const layer = { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3, padding: 'valid' } };
  assert.deepEqual(translateLayer(layer, at).layer, layer);
});

test('the flat form becomes {class_name, config}, also with Keras 1 names', () => {
  const { layer, rewrites } = translateLayer({ type: 'Convolution2D', nb_filter: 8, nb_row: 3, nb_col: 3 }, at);
  assert.deepEqual(layer, { class_name: 'Conv2D', config: { filters: 8, kernel_size: [3, 3] } });
  // Errors on the translated layer name the keys the user wrote.
  assert.deepEqual(rewritePath([...at, 'config', 'filters'], rewrites), [...at, 'nb_filter']);
  assert.deepEqual(rewritePath([...at, 'class_name'], rewrites), [...at, 'type']);
  assert.deepEqual(rewritePath([...at, 'config', 'padding'], rewrites), [...at, 'padding']);
});

test('giving both the Keras 1 and the Keras 2 key is an error, as is half of nb_row/nb_col', () => {
  assert.throws(
    () => translateLayer({ class_name: 'Conv2D', config: { nb_filter: 32, filters: 32, kernel_size: 3 } }, at, 'spec.json'),
    (error: unknown) => error instanceof UserError && error.exitCode === 2 && /both "nb_filter" \(Keras 1\) and "filters"/.test(error.message),
  );
  assert.throws(
    () => translateLayer({ class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3 } }, at),
    (error: unknown) => error instanceof UserError && /only one of "nb_row" and "nb_col"/.test(error.message),
  );
});

test('translateKeras1 translates every layer and fit.nb_epoch, leaving the input untouched', () => {
  const raw = { dataset: 'mnist', model: { layers: [{ class_name: 'Dropout', config: { p: 0.5 } }] }, fit: { nb_epoch: 3 } };
  const copy = structuredClone(raw);
  const { spec, rewrites } = translateKeras1(raw);
  assert.deepEqual(spec, { dataset: 'mnist', model: { layers: [{ class_name: 'Dropout', config: { rate: 0.5 } }] }, fit: { epochs: 3 } });
  assert.deepEqual(raw, copy);
  assert.deepEqual(rewritePath(['fit', 'epochs'], rewrites), ['fit', 'nb_epoch']);
});

test('UpSampling2D dim_ordering is translated from its registry entry', () => {
  assert.deepEqual(translateLayer({ class_name: 'UpSampling2D', config: { size: [2, 2], dim_ordering: 'th' } }, at).layer, {
    class_name: 'UpSampling2D',
    config: { size: [2, 2], data_format: 'channels_first' },
  });
});

test('a class_name that is an Object.prototype key is not translated', () => {
  assert.deepEqual(translateLayer({ class_name: 'constructor', config: { nb_filter: 1 } }, at).layer, { class_name: 'constructor', config: { nb_filter: 1 } });
});

test('keras1ConfigKeys lists the Keras 1 keys a class is translated from, for suggestions', () => {
  const conv = keras1ConfigKeys('Conv2D');
  for (const key of ['nb_filter', 'border_mode', 'subsample', 'nb_row', 'nb_col', 'input_dim']) assert.ok(conv.includes(key), key);
  assert.ok(keras1ConfigKeys('Dense').includes('output_dim'));
  assert.deepEqual(keras1ConfigKeys('NoSuchLayer'), ['input_dim']);
});
