import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kerasTopology } from '../../../src/keras/read/topology.js';
import { MAX_KERAS_LAYERS } from '../../../src/util/limits.js';
import { userError } from '../../helpers/user-error.js';

const dense = (name: string, extra: Record<string, unknown> = {}) => ({ class_name: 'Dense', config: { name, units: 2, ...extra } });

test('a Keras 1 list, a Keras 2 {name, layers} and the model_config wrapping are the same layers', () => {
  const layers = [dense('a', { batch_input_shape: [null, 3] }), dense('b', { input_dim: 2 })];
  const fromList = kerasTopology({ class_name: 'Sequential', config: layers }, 'm.json');
  assert.deepEqual(fromList.layers.map((l) => l.config.name), ['a', 'b']);
  assert.ok(!('input_shape' in fromList.layers[1]!.config), 'a later layer\'s input_dim is dropped, as Keras ignores it');
  assert.equal(kerasTopology({ class_name: 'Sequential', config: { name: 'seq', layers } }, 'm.json').name, 'seq');
  assert.equal(kerasTopology({ model_config: { class_name: 'Sequential', config: layers } }, 'm.json').layers.length, 2);
  assert.equal(kerasTopology(layers, 'm.json').layers.length, 2);
});

test('a functional chain becomes a Sequential; its InputLayer is folded into the first layer', () => {
  const config = {
    name: 'mnist',
    layers: [
      { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 4], dtype: 'float32' }, inbound_nodes: [] },
      { ...dense('a'), name: 'a', inbound_nodes: [[['in', 0, 0, {}]]] },
      { ...dense('b'), name: 'b', inbound_nodes: [[['a', 0, 0, {}]]] },
    ],
    input_layers: [['in', 0, 0]],
    output_layers: [['b', 0, 0]],
  };
  const topology = kerasTopology({ class_name: 'Model', config }, 'f.json');
  assert.equal(topology.name, 'mnist');
  assert.deepEqual(topology.layers.map((l) => l.class_name), ['Dense', 'Dense']);
  assert.deepEqual(topology.layers[0]!.config.batch_input_shape, [null, 4]);
  assert.equal(topology.layers[0]!.config.dtype, 'float32');
  const branch = { ...config, layers: [...config.layers.slice(0, 2), { ...config.layers[2]!, inbound_nodes: [[['in', 0, 0, {}]]] }] };
  assert.throws(() => kerasTopology({ class_name: 'Model', config: branch }, 'f.json'), userError(/^f\.json: layer 2 \("b"\) takes its input from in, not from a/, 'KERAS_MODEL_UNSUPPORTED'));
});

test('bad topologies are exit 2 with one line', () => {
  const file = 'm.json';
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: [] }, file), userError(/the model has no layers/));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: [dense('a')] }, file), userError(/the first layer \("a"\) gives no input shape/));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: [dense('a', { input_dim: 3 }), dense('a')] }, file), userError(/two layers are named "a"/));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: [dense('a', { input_dim: 3 }), { class_name: 'InputLayer', config: { name: 'i' } }] }, file), userError(/layer 1 \("i"\) is an InputLayer after other layers/));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: [{ class_name: 'InputLayer', config: { name: 'i', batch_input_shape: [null, 1] } }] }, file), userError(/only an InputLayer/));
  assert.throws(() => kerasTopology({ class_name: 'Graph', config: {} }, file), userError(/the model is a "Graph"; kerasts reads a Keras Sequential/, 'KERAS_MODEL_UNSUPPORTED'));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: 3 }, file), userError(/a Sequential's "config" must be a list of layers/));
  assert.throws(() => kerasTopology('x', file), userError(/the model config must be an object/));
  const lstm = [dense('a', { input_dim: 3 }), { class_name: 'LSTM', config: { name: 'lstm_1', units: 4 } }];
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: lstm }, file), userError(/layer 1 \("lstm_1"\) is a LSTM layer/, 'KERAS_LAYER_UNSUPPORTED'));
});

test('a huge layer count is refused before any layer is translated', () => {
  const many = Array.from({ length: MAX_KERAS_LAYERS + 1 }, () => ({ class_name: 'Lambda', config: {} }));
  assert.throws(() => kerasTopology({ class_name: 'Sequential', config: many }, 'big.json'), userError(/the model has 1001 layers; kerasts reads at most 1000/, 'KERAS_MODEL_TOO_LARGE'));
  assert.throws(() => kerasTopology({ class_name: 'Model', config: { layers: many } }, 'big.json'), userError(/1001 layers/));
});
