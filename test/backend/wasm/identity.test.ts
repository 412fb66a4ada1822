import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useWasm, values } from '../compare.js';

test('Identity shares data: a clone outlives its source, and the buffer goes with the last', async () => {
  await useWasm();
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor2d(values(12, 11), [3, 4]);
  const copy = tf.clone(x);
  assert.equal(tf.memory().numDataBuffers, before + 1, 'the clone adds no buffer');
  const expected = Array.from(x.dataSync());
  x.dispose();
  assert.deepEqual(Array.from(copy.dataSync()), expected);
  copy.dispose();
  assert.equal(tf.memory().numDataBuffers, before);
  assert.deepEqual(Array.from(tf.clone(tf.tensor1d(['a', 'b'], 'string')).dataSync()), ['a', 'b']);
});

test('Cast to the same dtype shares data; a real conversion still converts', async () => {
  await useWasm();
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor1d([1.5, -2.25, 3]);
  const same = tf.cast(x, 'float32');
  assert.equal(tf.memory().numDataBuffers, before + 1, 'the same-dtype cast adds no buffer');
  x.dispose();
  assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.25, 3]);
  const ints = tf.cast(same, 'int32');
  assert.equal(ints.dtype, 'int32');
  assert.deepEqual(Array.from(ints.dataSync()), [1, -2, 3]);
  tf.dispose([same, ints]);
  assert.equal(tf.memory().numDataBuffers, before);
});
