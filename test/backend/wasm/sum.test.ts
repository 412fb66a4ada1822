import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';

test('sum over leading axes (bias gradients) and other axes matches cpu', async () => {
  // Kept sizes 3, 8, 90 and 40: the leading-axes kernel adds four columns at a time, then one.
  for (const shape of [[4, 5, 6, 3], [3, 4, 5, 8]]) {
    const data = values(tf.util.sizeFromShape(shape), 8);
    const cases: Array<[number[], boolean]> = [[[0, 1, 2], false], [[0, 1, 2], true], [[0], false], [[1, 2], false], [[0, 1, 2, 3], false], [[3], true]];
    for (const [axes, keepDims] of cases) {
      const { cpu, wasm } = await onBoth(() => tf.sum(tf.tensor(data, shape), axes, keepDims));
      assertClose(wasm[0]!, cpu[0]!, `sum of ${shape} over axes=${axes} keepDims=${keepDims}`);
      const expectedShape = shape.flatMap((size, axis) => (axes.includes(axis) ? (keepDims ? [1] : []) : [size]));
      assert.deepEqual(tf.tidy(() => tf.sum(tf.tensor(data, shape), axes, keepDims).shape), expectedShape);
    }
  }
});

test('a sum over leading axes of int32 values goes to the stock kernel and stays exact', async () => {
  const { cpu, wasm } = await onBoth(() => tf.sum(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3], 'int32'), [0, 1]));
  assert.deepEqual(Array.from(wasm[0]!), [22, 26, 30]);
  assert.deepEqual(Array.from(wasm[0]!), Array.from(cpu[0]!));
});

test('a sum over the leading axis of a tensor with no rows is zeros, as on cpu', async () => {
  // The stock wasm kernel returns whatever memory held for this case.
  const { cpu, wasm } = await onBoth(() => {
    tf.ones([64]).dataSync(); // leaves non-zero memory behind for a careless kernel to return
    return tf.sum(tf.zeros([0, 3]), 0);
  });
  assert.deepEqual(Array.from(wasm[0]!), [0, 0, 0]);
  assert.deepEqual(Array.from(wasm[0]!), Array.from(cpu[0]!));
});
