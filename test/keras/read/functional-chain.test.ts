import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chainLayers } from '../../../src/keras/read/functional-chain.js';
import { userError } from '../../helpers/user-error.js';

const keras2 = (name: string, from?: string) => ({ class_name: 'Dense', name, config: { name, units: 1 }, inbound_nodes: from ? [[[from, 0, 0, {}]]] : [] });
const keras3Node = (from: string) => [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 1], keras_history: [from, 0, 0] } }], kwargs: {} }];

test('a Keras 2 chain is read in order', () => {
  const layers = [keras2('in'), keras2('a', 'in'), keras2('b', 'a')];
  assert.equal(chainLayers({ layers, input_layers: [['in', 0, 0]], output_layers: [['b', 0, 0]] }, 'm.json'), layers);
});

test('a Keras 3 chain (keras_history nodes, single input/output lists) is read', () => {
  const layers = [
    { class_name: 'InputLayer', name: 'in', config: { name: 'in' }, inbound_nodes: [] },
    { class_name: 'Dense', name: 'd', config: { name: 'd' }, inbound_nodes: keras3Node('in') },
  ];
  assert.equal(chainLayers({ layers, input_layers: ['in', 0, 0], output_layers: ['d', 0, 0] }, 'c.json').length, 2);
});

test('branches, shared layers and other outputs are refused naming the layer', () => {
  const file = 'm.json';
  assert.throws(() => chainLayers({ layers: [keras2('in'), keras2('a', 'in'), keras2('b', 'in')] }, file), userError(/layer 2 \("b"\) takes its input from in, not from a; kerasts reads a functional Model only when its layers form a chain/, 'KERAS_MODEL_UNSUPPORTED'));
  const merge = { ...keras2('m'), inbound_nodes: [[['in', 0, 0, {}], ['a', 0, 0, {}]]] };
  assert.throws(() => chainLayers({ layers: [keras2('in'), keras2('a', 'in'), merge] }, file), userError(/takes its input from in and a/));
  const shared = { ...keras2('a'), inbound_nodes: [[['in', 0, 0, {}]], [['in', 0, 0, {}]]] };
  assert.throws(() => chainLayers({ layers: [keras2('in'), shared] }, file), userError(/called more than once/));
  assert.throws(() => chainLayers({ layers: [keras2('in'), keras2('a', 'in')], output_layers: [['in', 0, 0]] }, file), userError(/its outputs are in, not its last layer/));
  assert.throws(() => chainLayers({ layers: [keras2('in'), keras2('a', 'in')], input_layers: [['in', 0, 0], ['a', 0, 0]] }, file), userError(/its inputs are in, a/));
  assert.throws(() => chainLayers({ layers: [] }, file), userError(/non-empty "layers" list/, 'KERAS_MODEL_INVALID'));
});
