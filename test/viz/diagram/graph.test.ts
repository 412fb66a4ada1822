import { test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../../src/util/tfjs.cjs';
import { loadInputModel } from '../../../src/model/run-summary.js';
import { modelGraph, formatShapes } from '../../../src/viz/diagram/graph.js';
import { useCpu } from '../helpers.js';

const root = new URL('../../../', import.meta.url).pathname;

test('modelGraph of mnist_cnn: the input layer first, a chain of edges, shapes per ordering', async () => {
  process.chdir(root);
  for (const [ordering, conv] of [['tf', '(None, 26, 26, 32)'], ['th', '(None, 32, 26, 26)']] as const) {
    const model = await loadInputModel({ input: 'configs/mnist_cnn.json', imageDimOrdering: ordering });
    try {
      const graph = modelGraph(model);
      assert.equal(graph.nodes.length, 13);
      assert.deepEqual(graph.nodes[0], {
        name: 'conv2d_1_input',
        className: 'InputLayer',
        inputShape: ordering === 'tf' ? '(None, 28, 28, 1)' : '(None, 1, 28, 28)',
        outputShape: ordering === 'tf' ? '(None, 28, 28, 1)' : '(None, 1, 28, 28)',
        activation: undefined,
        params: 0,
      });
      assert.deepEqual(graph.nodes[1], { name: 'conv2d_1', className: 'Conv2D', inputShape: graph.nodes[0].outputShape, outputShape: conv, activation: 'linear', params: 320 });
      assert.equal(graph.nodes[12].activation, 'softmax');
      assert.deepEqual(graph.edges, Array.from({ length: 12 }, (_, i) => [i, i + 1]));
    } finally {
      model.dispose();
    }
  }
});

test('modelGraph follows a functional model with a branch and a merge', async () => {
  await useCpu();
  const input = tf.input({ shape: [8], name: 'x' });
  const left = tf.layers.dense({ units: 4, name: 'left' }).apply(input) as tf.SymbolicTensor;
  const right = tf.layers.dense({ units: 3, activation: 'relu', name: 'right' }).apply(input) as tf.SymbolicTensor;
  const merged = tf.layers.concatenate({ name: 'merge' }).apply([left, right]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: merged });
  try {
    const graph = modelGraph(model);
    const names = graph.nodes.map((node) => node.name);
    assert.deepEqual(names.slice(0, 1), ['x']);
    assert.equal(names.at(-1), 'merge');
    const edge = (from: string, to: string) => [names.indexOf(from), names.indexOf(to)];
    assert.deepEqual(new Set(graph.edges.map(String)), new Set([edge('x', 'left'), edge('x', 'right'), edge('left', 'merge'), edge('right', 'merge')].map(String)));
    assert.equal(graph.nodes[names.indexOf('merge')].inputShape, '[(None, 4), (None, 3)]');
    assert.equal(graph.nodes[names.indexOf('merge')].outputShape, '(None, 7)');
  } finally {
    model.dispose();
  }
});

test('formatShapes prints one shape as Keras does and a list of several in brackets', () => {
  assert.equal(formatShapes([null, 10]), '(None, 10)');
  assert.equal(formatShapes([null]), '(None,)');
  assert.equal(formatShapes([[null, 2, 3]]), '(None, 2, 3)');
  assert.equal(formatShapes([[null, 2], [null, 5]]), '[(None, 2), (None, 5)]');
});
