import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { saveModelToDir } from '../../src/io/file-io.js';
import { loadInputModel, runSummary } from '../../src/model/run-summary.js';
import { userError } from '../helpers/user-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kerasts-run-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a spec is built under the ordering asked for, with the dataset’s input shape', async () => {
  const tf1 = await runSummary({ input: 'configs/mnist_cnn.json', imageDimOrdering: 'tf' });
  const th1 = await runSummary({ input: 'configs/mnist_cnn.json', imageDimOrdering: 'th' });
  assert.equal(tf1.totalParams, 600810);
  assert.equal(th1.totalParams, 600810);
  assert.deepEqual(tf1.layers[0]!.outputShape, [null, 26, 26, 32]);
  assert.deepEqual(th1.layers[0]!.outputShape, [null, 32, 26, 26]);
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

test('an input that does not exist is a user error', async () => {
  await assert.rejects(runSummary({ input: join(dir, 'nope.json'), imageDimOrdering: 'tf' }), userError(/does not exist/));
});
