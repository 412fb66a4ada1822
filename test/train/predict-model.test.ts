import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadPredictModel } from '../../src/train/predict-model.js';
import { tempDir } from '../helpers/cli.js';
import { KERAS1_DENSE, writeDenseWeights } from '../helpers/keras-weights.js';
import { userError } from '../helpers/user-error.js';
import { useCpu } from '../viz/helpers.js';

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

test('anything else is read as a run directory, with its errors', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(loadPredictModel(join(dir, 'nothing')), userError(/nothing/));
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
  await assert.rejects(loadPredictModel(dir, 'w.h5'), userError(/^w\.h5: --weights goes with a Keras model file .*Received: .*, a run directory\.$/, 'OPTION_INVALID'));
});
