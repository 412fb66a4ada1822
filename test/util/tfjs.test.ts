import { test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';

test('src/util/tfjs.cts hands out the same tfjs instance an ESM import gets (one engine, one backend registry)', async () => {
  const imported = await import('@tensorflow/tfjs');
  assert.equal(tf.engine(), imported.engine());
  assert.equal(typeof tf.layers.dense, 'function');
  assert.equal(tf.version_core, imported.version_core);
});
