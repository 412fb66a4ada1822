import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadPredictModel } from '../../src/train/predict-model.js';
import { tempDir } from '../helpers/cli.js';
import { KERAS1_DENSE, writeDenseWeights } from '../helpers/keras-weights.js';
import { userError } from '../helpers/user-error.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';
import { saveModelToDir } from '../../src/io/file-io.js';
import { writeFakeRun } from '../helpers/report-run.js';

before(async () => {
  assert.ok(await useCpu());
});

const conv = (order: string) => ({
  class_name: 'Sequential',
  config: [
    { class_name: 'Convolution2D', config: { name: 'c', nb_filter: 2, nb_row: 3, nb_col: 3, dim_ordering: order, batch_input_shape: order === 'th' ? [null, 1, 8, 8] : [null, 8, 8, 1] } },
    { class_name: 'Flatten', config: { name: 'f' } },
    { class_name: 'Dense', config: { name: 'd', output_dim: 3, activation: 'softmax' } },
  ],
});

test('a Keras model file predicts in the ordering it was saved with, without class names', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const [order, ordering] of [['th', 'th'], ['tf', 'tf']] as const) {
    writeFileSync(join(dir, `${order}.json`), JSON.stringify(conv(order)));
    const loaded = await loadPredictModel(join(dir, `${order}.json`));
    t.after(() => loaded.model.dispose());
    assert.equal(loaded.imageDimOrdering, ordering);
    assert.equal(loaded.classNames, undefined);
  }
  writeFileSync(join(dir, 'mlp.json'), JSON.stringify({ class_name: 'Sequential', config: [{ class_name: 'Dense', config: { name: 'd', units: 2, input_dim: 4 } }] }));
  const mlp = await loadPredictModel(join(dir, 'mlp.json'));
  t.after(() => mlp.model.dispose());
  assert.equal(mlp.imageDimOrdering, 'tf');
});

const PREDICT_INPUTS = 'a run directory, a tfjs model\\.json \\(or its folder\\) or a Keras model file \\(JSON, \\.h5 or \\.keras\\)';

test('a tfjs model.json or its folder, written by no run, predicts in its own ordering without class names', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const ordering of ['tf', 'th'] as const) {
    const model = convModel(handKernel([3, 3, 1, 4]), ordering);
    await saveModelToDir(model, join(dir, ordering));
    model.dispose();
    for (const input of [join(dir, ordering), join(dir, ordering, 'model.json')]) {
      const loaded = await loadPredictModel(input);
      t.after(() => loaded.model.dispose());
      assert.deepEqual([loaded.imageDimOrdering, loaded.classNames, loaded.untrained], [ordering, undefined, undefined], input);
      assert.deepEqual(loaded.model.inputs[0]!.shape, ordering === 'tf' ? [null, 6, 6, 1] : [null, 1, 6, 6]);
    }
  }
  await assert.rejects(loadPredictModel(join(dir, 'tf'), 'w.h5'), userError(/^w\.h5: --weights goes with a Keras model file .*Received: .*tf, a tfjs model\.$/, 'OPTION_INVALID'));
});

test("a run's model.json is the run: its class names and recorded ordering", async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeFakeRun(join(dir, 'run'));
  writeFileSync(join(dir, 'run', 'classes.json'), JSON.stringify(['a', 'b']));
  const loaded = await loadPredictModel(join(dir, 'run', 'model.json'));
  t.after(() => loaded.model.dispose());
  assert.deepEqual(loaded.classNames, ['a', 'b']);
});

test('a missing path, a folder without model.json or a spec is refused naming what predict takes', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }] } }));
  await assert.rejects(loadPredictModel(join(dir, 'nothing')), userError(new RegExp(`nothing: must be ${PREDICT_INPUTS}\\. Received: nothing \\(no such file or folder\\)\\.$`), 'INPUT_NOT_FOUND'));
  await assert.rejects(loadPredictModel(join(dir, 'empty')), userError(new RegExp(`empty: must be ${PREDICT_INPUTS}\\. Received: a folder without model\\.json\\.$`), 'INPUT_INVALID'));
  await assert.rejects(loadPredictModel(join(dir, 'spec.json')), userError(new RegExp(`spec\\.json: must be ${PREDICT_INPUTS}\\. Received: a file that is none of these \\(a spec is trained first: kerasts train <spec>\\)\\.$`), 'INPUT_INVALID'));
});

test('--weights gives a Keras JSON its weights; with a run directory it is refused', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'm.json'), JSON.stringify(KERAS1_DENSE));
  await writeDenseWeights(join(dir, 'w.h5'));
  const loaded = await loadPredictModel(join(dir, 'm.json'), join(dir, 'w.h5'));
  t.after(() => loaded.model.dispose());
  assert.deepEqual(Array.from(loaded.model.getWeights()[1]!.dataSync()), [100, 101, 102]);
  assert.equal(loaded.untrained, undefined, 'weights given');
  const bare = await loadPredictModel(join(dir, 'm.json'));
  t.after(() => bare.model.dispose());
  assert.equal(bare.untrained, true, 'a JSON alone holds no weights');
  await writeFakeRun(join(dir, 'run'));
  await assert.rejects(loadPredictModel(join(dir, 'run'), 'w.h5'), userError(/^w\.h5: --weights goes with a Keras model file .*Received: .*run, a run directory\.$/, 'OPTION_INVALID'));
});
