import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { modelFromSpec, planSpec } from '../../src/model/from-spec.js';
import { parseSpec } from '../../src/spec/load.js';
import { tempDir } from '../helpers/cli.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../helpers/keras-fixtures.js';
import { useCpu } from '../viz/helpers.js';

const specOf = (raw: unknown) => parseSpec(raw, 'spec.json');

test('planSpec checks a spec before data is loaded: the dataset fixes the input shape', () => {
  const spec = specOf(JSON.parse(readFileSync('configs/mnist_cnn.json', 'utf8')));
  assert.equal(planSpec(spec, 'spec.json', { imageDimOrdering: 'th' })?.params, 600810);
  const huge = specOf(JSON.parse(readFileSync('test/fixtures/spec-too-large/spec.json', 'utf8')));
  assert.throws(() => planSpec(huge, 'spec.json', { imageDimOrdering: 'tf' }), (error: unknown) => error instanceof UserError && error.exitCode === 2 && /needs 32,007,040,160 bytes to train/.test(error.message));
});

test('planSpec defers what it cannot know yet: idx data without input_shape, a model.json', () => {
  assert.equal(planSpec(specOf({ dataset: { name: 'idx', path: 'x' }, model: { layers: [{ type: 'Flatten' }] } }), 'spec.json', { imageDimOrdering: 'tf' }), undefined);
  assert.equal(planSpec(specOf({ dataset: 'mnist', model: 'model.json' }), 'spec.json', { imageDimOrdering: 'tf' }), undefined);
  const shaped = specOf({ dataset: { name: 'idx', path: 'x' }, model: { layers: [{ type: 'Flatten', input_shape: [4, 4, 1] }, { type: 'Dense', units: 2 }] } });
  assert.equal(planSpec(shaped, 'spec.json', { imageDimOrdering: 'tf' })?.params, 34);
});

test('a spec whose model names a Keras JSON builds that model (fine-tuning a Keras model)', async (t) => {
  assert.ok(await useCpu());
  const { dir, remove } = tempDir();
  t.after(remove);
  const keras1 = {
    class_name: 'Sequential',
    keras_version: '1.2.2',
    config: [
      { class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 4, nb_row: 3, nb_col: 3, dim_ordering: 'tf', batch_input_shape: [null, 28, 28, 1] } },
      { class_name: 'Flatten', config: { name: 'flatten_1' } },
      { class_name: 'Dense', config: { name: 'dense_1', output_dim: 10, activation: 'softmax' } },
    ],
  };
  writeFileSync(join(dir, 'keras.json'), JSON.stringify(keras1));
  const specFile = join(dir, 'spec.json');
  const model = await modelFromSpec(specOf({ dataset: 'mnist', model: 'keras.json' }), specFile, { imageDimOrdering: 'tf' });
  t.after(() => model.dispose());
  assert.deepEqual(model.layers.map((l) => l.name), ['convolution2d_1', 'flatten_1', 'dense_1']);
  assert.equal(model.countParams(), 4 * 9 + 4 + 26 * 26 * 4 * 10 + 10);
  writeFileSync(join(dir, 'keras.json'), JSON.stringify({ ...keras1, config: [...keras1.config, { class_name: 'LSTM', config: { name: 'lstm_1' } }] }));
  await assert.rejects(modelFromSpec(specOf({ dataset: 'mnist', model: 'keras.json' }), specFile, { imageDimOrdering: 'tf' }), (error: unknown) => error instanceof UserError && /keras\.json: layer 3 \("lstm_1"\) is a LSTM layer/.test(error.toLine()));
});

test('a spec whose model names a Keras .h5 builds it with the file\'s weights (fine-tuning from them)', async (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  assert.ok(await useCpu());
  const { dir, remove } = tempDir();
  t.after(remove);
  const specFile = join(dir, 'spec.json');
  const model = await modelFromSpec(specOf({ dataset: 'mnist', model: kerasModel('h5/dl4j_conv2d_tensorflow_2.h5') }), specFile, { imageDimOrdering: 'tf' });
  t.after(() => model.dispose());
  const [kernel, bias] = model.getLayer('conv2d_1').getWeights();
  assert.deepEqual(kernel!.shape, [3, 3, 5, 6]);
  assert.deepEqual(Array.from(kernel!.dataSync()), Array.from({ length: 270 }, (_, i) => i));
  assert.deepEqual(Array.from(bias!.dataSync()), [0, 1, 2, 3, 4, 5]);
});
