import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { join } from 'node:path';
import { fileSystemSave, MODEL_JSON } from '../../src/io/file-io.js';
import { KerasAdadelta } from '../../src/model/keras-adadelta.js';
import { loadModel } from '../../src/model/load.js';
import { tempDir } from '../helpers/cli.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('a model saved with kerasts\'s own Adadelta loads back with it (the class is registered first)', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  model.compile({ optimizer: new KerasAdadelta(1, 0.95, 1e-7), loss: 'meanSquaredError' });
  await model.save(fileSystemSave(dir), { includeOptimizer: true });
  const loaded = await loadModel(join(dir, MODEL_JSON));
  assert.equal(loaded.optimizer?.getClassName(), 'KerasAdadelta');
  assert.deepEqual(loaded.getWeights()[0].arraySync(), model.getWeights()[0].arraySync());
  model.dispose();
  loaded.dispose();
});
