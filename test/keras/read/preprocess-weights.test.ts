import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigLayer } from '../../../src/keras/read/config-layers.js';
import type { KerasWeight } from '../../../src/keras/read/keras-file.js';
import { preprocessWeights } from '../../../src/keras/read/preprocess-weights.js';
import { UserError } from '../../../src/errors.js';

const iota = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);
const weight = (shape: number[], name = 'k'): KerasWeight => ({ layer: 'c', name, shape, values: iota(shape.reduce((a, b) => a * b, 1)) });
const bias = weight([2], 'b');
const keras1 = { kerasVersion: '1', file: 'm.h5' };

const conv1 = (dimOrdering: string): ConfigLayer => ({
  className: 'Convolution2D',
  name: 'c',
  config: { name: 'c', nb_filter: 2, nb_row: 2, nb_col: 2, dim_ordering: dimOrdering },
});

test('a Keras 1 th Convolution2D kernel (filters, stack, rows, cols) becomes (rows, cols, stack, filters)', () => {
  const [kernel, b] = preprocessWeights(conv1('th'), [weight([2, 1, 2, 2]), bias], keras1);
  assert.deepEqual(kernel!.shape, [2, 2, 1, 2]);
  // out[r][c][0][f] = in[f][0][r][c] = 4f + 2r + c
  assert.deepEqual(Array.from(kernel!.values), [0, 4, 1, 5, 2, 6, 3, 7]);
  assert.deepEqual(b, bias, 'the bias passes unchanged');
});

test('a Keras 1 tf kernel is already (rows, cols, stack, filters) and a Keras 2 file is left as it is', () => {
  const stored = weight([2, 2, 1, 2]);
  assert.deepEqual(preprocessWeights(conv1('tf'), [stored], keras1), [stored]);
  const conv2: ConfigLayer = { className: 'Conv2D', name: 'c', config: { name: 'c', filters: 2, kernel_size: [2, 2], data_format: 'channels_first' } };
  assert.deepEqual(preprocessWeights(conv2, [stored], { kerasVersion: '2.1.3', backend: 'tensorflow', file: 'm.h5' }), [stored]);
});

test('kernels are flipped in space only when the backend is theano', () => {
  const conv2: ConfigLayer = { className: 'Conv2D', name: 'c', config: { name: 'c', filters: 1, kernel_size: [2, 2] } };
  const [kernel] = preprocessWeights(conv2, [weight([2, 2, 1, 1])], { kerasVersion: '2.0.6', backend: 'theano', file: 'm.h5' });
  assert.deepEqual(Array.from(kernel!.values), [3, 2, 1, 0]);
  const [same] = preprocessWeights(conv2, [weight([2, 2, 1, 1])], { kerasVersion: '2.0.6', backend: 'cntk', file: 'm.h5' });
  assert.deepEqual(Array.from(same!.values), [0, 1, 2, 3]);
  // Keras 1 th on theano: transposed, then flipped.
  const [both] = preprocessWeights(conv1('th'), [weight([2, 1, 2, 2])], { kerasVersion: '1', backend: 'theano', file: 'm.h5' });
  // out[r][c][0][f] = 4f + 2(1 - r) + (1 - c)
  assert.deepEqual(Array.from(both!.values), [3, 7, 2, 6, 1, 5, 0, 4]);
});

test('a Keras 2 Conv2D kernel stored (3, 2, 0, 1)-wise is moved to the layer shape, others are left for the builder', () => {
  const conv2: ConfigLayer = { className: 'Conv2D', name: 'c', config: { name: 'c', filters: 3, kernel_size: [1, 2] } };
  // stored (in=1, filters=3, cols=2, rows=1) -> transpose (3, 2, 0, 1) -> (1, 2, 1, 3)
  const [kernel] = preprocessWeights(conv2, [weight([1, 3, 2, 1])], { kerasVersion: '2.2.4', file: 'm.h5' });
  assert.deepEqual(kernel!.shape, [1, 2, 1, 3]);
  assert.deepEqual(Array.from(kernel!.values), [0, 2, 4, 1, 3, 5]);
  const odd = weight([5, 5, 5, 5]);
  assert.deepEqual(preprocessWeights(conv2, [odd], { kerasVersion: '2.2.4', file: 'm.h5' }), [odd]);
});

test('Keras 1 Convolution1D and Deconvolution2D kernels get Keras 2 shapes; a wrong Conv1D shape is a UserError', () => {
  const conv1d: ConfigLayer = { className: 'Convolution1D', name: 'c', config: { name: 'c', nb_filter: 2, filter_length: 3 } };
  const [k12] = preprocessWeights(conv1d, [weight([3, 1, 4, 2])], keras1);
  assert.deepEqual(k12!.shape, [3, 4, 2]);
  assert.deepEqual(Array.from(k12!.values), Array.from(iota(24)));
  const [k11] = preprocessWeights(conv1d, [weight([2, 4, 3, 1])], keras1);
  assert.deepEqual(k11!.shape, [3, 4, 2]);
  // out[l][i][f] = in[f][i][l][0] = 12f + 3i + l
  assert.equal(k11!.values[1 * 8 + 2 * 2 + 1], 12 + 6 + 1);
  assert.throws(() => preprocessWeights(conv1d, [weight([7, 7, 7, 7])], keras1), (error: unknown) => error instanceof UserError && /Convolution1D weight 'k' of layer 'c'/.test(error.message));
  const deconv: ConfigLayer = { className: 'Deconvolution2D', name: 'c', config: { name: 'c', nb_filter: 2, nb_row: 1, nb_col: 1, dim_ordering: 'tf' } };
  const [kd] = preprocessWeights(deconv, [weight([1, 1, 3, 2])], keras1);
  assert.deepEqual(kd!.shape, [1, 1, 2, 3]);
  assert.deepEqual(Array.from(kd!.values), [0, 2, 4, 1, 3, 5]);
});

test('layers other than convolutions pass unchanged', () => {
  const dense: ConfigLayer = { className: 'Dense', name: 'd', config: { name: 'd' } };
  const stored = [weight([3, 2]), bias];
  assert.deepEqual(preprocessWeights(dense, stored, { kerasVersion: '1', backend: 'theano', file: 'm.h5' }), stored);
});
