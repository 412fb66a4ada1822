import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelFromKerasFile, readKerasFile } from '../../../src/keras/read/index.js';
import { kerasH5Bytes, writeKerasH5 } from '../../../src/keras/write/h5-write.js';
import { keras2TrainingConfig } from '../../../src/keras/write/keras2-config.js';
import { tempDir } from '../../helpers/cli.js';
import { h5pyDump, h5pyMissing } from '../../helpers/h5py.js';
import { assertSameModel, smallModel } from '../../helpers/small-model.js';

const missing = h5pyMissing();

test('a written .h5 has the attributes, groups and float32 datasets Keras 2.2 writes', async (t) => {
  if (missing) return t.skip(missing);
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await smallModel();
  const path = join(dir, 'm.h5');
  await writeKerasH5(path, model);
  const dump = h5pyDump(path, 'keras2');

  // Root and model_weights attributes: h5py reads vlen strings as str, names as arrays of bytes (S<n>).
  assert.deepEqual(Object.keys(dump.attrs['/']!).sort(), ['backend', 'keras_version', 'model_config']);
  assert.deepEqual(dump.attrs['/']!.keras_version, { kind: 'str', value: '2.2.4' });
  assert.deepEqual(dump.attrs['/']!.backend, { kind: 'str', value: 'tensorflow' });
  const config = JSON.parse(String(dump.attrs['/']!.model_config!.value)) as { class_name: string; config: { layers: { class_name: string }[] } };
  assert.equal(config.class_name, 'Sequential');
  assert.deepEqual(config.config.layers.map((l) => l.class_name), ['Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense']);
  assert.ok(!('keras_version' in config), 'the version is an attribute, not part of model_config');

  const layerNames = dump.attrs['model_weights']!.layer_names!;
  assert.equal(layerNames.kind, 'array');
  assert.match(String(layerNames.dtype), /^\|S\d+$/);
  assert.deepEqual(layerNames.value, ['conv2d_1', 'batch_normalization_1', 'activation_1', 'max_pooling2d_1', 'flatten_1', 'dense_1']);
  assert.deepEqual(dump.attrs['model_weights']!.keras_version, { kind: 'str', value: '2.2.4' });
  assert.deepEqual(dump.attrs['model_weights']!.backend, { kind: 'str', value: 'tensorflow' });
  assert.deepEqual(dump.attrs['model_weights/flatten_1']!.weight_names!.value, []);
  assert.deepEqual(dump.attrs['model_weights/batch_normalization_1']!.weight_names!.value, [
    'batch_normalization_1/gamma:0',
    'batch_normalization_1/beta:0',
    'batch_normalization_1/moving_mean:0',
    'batch_normalization_1/moving_variance:0',
  ]);

  // Dataset paths exactly as Keras 2.2 lays them out: <layer>/<layer>/<weight>:0.
  assert.deepEqual(Object.keys(dump.datasets).sort(), [
    'model_weights/batch_normalization_1/batch_normalization_1/beta:0',
    'model_weights/batch_normalization_1/batch_normalization_1/gamma:0',
    'model_weights/batch_normalization_1/batch_normalization_1/moving_mean:0',
    'model_weights/batch_normalization_1/batch_normalization_1/moving_variance:0',
    'model_weights/conv2d_1/conv2d_1/bias:0',
    'model_weights/conv2d_1/conv2d_1/kernel:0',
    'model_weights/dense_1/dense_1/bias:0',
    'model_weights/dense_1/dense_1/kernel:0',
  ]);
  for (const dataset of Object.values(dump.datasets)) assert.equal(dataset.dtype, '<f4');
  assert.deepEqual(dump.datasets['model_weights/conv2d_1/conv2d_1/kernel:0']!.shape, [3, 3, 1, 2]);
  assert.deepEqual(dump.datasets['model_weights/dense_1/dense_1/kernel:0']!.shape, [8, 3]);

  // The weights Keras's loader would read, in its order, equal the model's, element for element.
  const read = dump.keras2_weights!.flatMap((layer) => layer.weights);
  const own = model.layers.flatMap((layer) => layer.weights);
  assert.deepEqual(dump.keras2_weights!.map((l) => l.layer), ['conv2d_1', 'batch_normalization_1', 'dense_1']);
  assert.equal(read.length, own.length);
  read.forEach((weight, i) => {
    assert.deepEqual(weight.shape, own[i]!.shape);
    assert.deepEqual(weight.values, Array.from(own[i]!.read().dataSync()), weight.name);
  });
  model.dispose();
});

test('training_config is written as Keras 2.2 serialises a compiled model', async (t) => {
  if (missing) return t.skip(missing);
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await smallModel();
  const trainingConfig = keras2TrainingConfig({ optimizer: { name: 'adam', config: { learning_rate: 0.01 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const path = join(dir, 'm.h5');
  await writeKerasH5(path, model, { trainingConfig });
  const written = JSON.parse(String(h5pyDump(path).attrs['/']!.training_config!.value)) as unknown;
  assert.deepEqual(written, {
    optimizer_config: { class_name: 'Adam', config: { lr: 0.01, beta_1: 0.9, beta_2: 0.999, decay: 0, epsilon: 1e-7, amsgrad: false } },
    loss: 'categorical_crossentropy',
    metrics: ['accuracy'],
    sample_weight_mode: null,
    loss_weights: null,
  });
  model.dispose();
});

test('the bytes begin with the HDF5 signature', async () => {
  const model = await smallModel();
  const bytes = await kerasH5Bytes(model);
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
  model.dispose();
});

test('round trip through the reader: a Keras 2 .h5 back into kerasts gives the same weights (batch-norm statistics included) and predictions', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await smallModel();
  const path = join(dir, 'm.h5');
  await writeKerasH5(path, model);
  const back = await modelFromKerasFile(await readKerasFile(path));
  assertSameModel(back, model);
  model.dispose();
  back.dispose();
});
