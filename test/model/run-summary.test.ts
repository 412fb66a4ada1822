import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import tf from '../../src/util/tfjs.cjs';
import { saveModelToDir } from '../../src/io/file-io.js';
import { loadInputModel, runSummary } from '../../src/model/run-summary.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../helpers/keras-fixtures.js';
import { userError } from '../helpers/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasts-run-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The golden summaries of configs/mnist_cnn.json under tf and th are in summary.test.ts.
test('the Keras 2 example and fashion-mnist config have their known totals', async () => {
  const keras2 = await runSummary({ input: 'configs/mnist_cnn_keras2.json', imageDimOrdering: 'tf' });
  assert.equal(keras2.totalParams, 1199882);
  assert.deepEqual(keras2.layers.map((layer) => layer.params), [320, 18496, 0, 0, 0, 1179776, 0, 1290]);
  const fashion = await runSummary({ input: 'configs/fashion_mnist_cnn.json', imageDimOrdering: 'th' });
  assert.equal(fashion.totalParams, 600810);
});

test('a saved model.json and its run directory are loaded as saved, whatever the ordering asked', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], name: 'only' })] });
  await saveModelToDir(model, dir);
  model.dispose();
  for (const input of [dir, join(dir, 'model.json')]) {
    const summary = await runSummary({ input, imageDimOrdering: 'th' });
    assert.deepEqual(summary.layers.map((l) => [l.name, l.className, l.outputShape, l.params]), [['only', 'Dense', [null, 3], 15]]);
  }
  const loaded = await loadInputModel({ input: dir, imageDimOrdering: 'tf' });
  assert.equal(loaded.countParams(), 15);
  loaded.dispose();
});

test('a Keras model file keeps its own ordering: a Theano-ordered one stays channels first under tf', async (t) => {
  if (!KERAS_MODELS_DIR) return t.skip(KERAS_MODELS_MISSING);
  const summary = await runSummary({ input: kerasModel('keras1/dl4j_mnist_cnn_th_keras_1_config.json'), imageDimOrdering: 'tf' });
  assert.equal(summary.totalParams, 600810);
  assert.deepEqual(summary.layers[0]!.outputShape, [null, 32, 26, 26]);
});

test('an input that does not exist is a user error', async () => {
  await assert.rejects(runSummary({ input: join(dir, 'nope.json'), imageDimOrdering: 'tf' }), userError(/does not exist/));
});
