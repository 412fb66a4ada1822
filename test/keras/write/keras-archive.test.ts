import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelFromKerasFile, readKerasFile } from '../../../src/keras/read/index.js';
import { kerasArchiveBytes, kerasDateSaved, writeKerasArchive } from '../../../src/keras/write/keras-archive.js';
import { tempDir } from '../../helpers/cli.js';
import { h5pyMissing, kerasArchiveDump } from '../../helpers/h5py.js';
import { assertSameModel, smallModel } from '../../helpers/small-model.js';

const missing = h5pyMissing();

interface Keras3Layer {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
  build_config?: { input_shape: (number | null)[] };
}

test('a written .keras has the entries, config and weight paths Keras 3 saving_lib writes and reads', async (t) => {
  if (missing) return t.skip(missing);
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await smallModel();
  const path = join(dir, 'm.keras');
  await writeKerasArchive(path, model);
  const dump = kerasArchiveDump(path);

  // Three entries, stored (compress_type 0 = ZIP_STORED, Python zipfile's default).
  assert.deepEqual(dump.entries.map((e) => e.name), ['metadata.json', 'config.json', 'model.weights.h5']);
  for (const entry of dump.entries) assert.equal(entry.compress_type, 0, entry.name);
  assert.equal(dump.metadata.keras_version, '3.3.3');
  assert.match(dump.metadata.date_saved, /^\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d$/);

  // config.json: what deserialize_keras_object and Sequential.from_config read.
  const config = dump.config as unknown as Keras3Layer & { config: { name: string; layers: Keras3Layer[]; build_input_shape: unknown } };
  assert.equal(config.module, 'keras');
  assert.equal(config.class_name, 'Sequential');
  assert.equal(config.registered_name, null);
  assert.equal(typeof config.config.name, 'string');
  assert.deepEqual(config.config.build_input_shape, [null, 6, 6, 1]);
  assert.deepEqual(config.build_config, { input_shape: [null, 6, 6, 1] });
  const layers = config.config.layers;
  assert.deepEqual(layers.map((l) => l.class_name), ['InputLayer', 'Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense']);
  for (const layer of layers) {
    assert.equal(layer.module, 'keras.layers', layer.class_name);
    assert.equal(layer.registered_name, null, layer.class_name);
  }
  assert.deepEqual(layers[0]!.config, { batch_shape: [null, 6, 6, 1], dtype: 'float32', sparse: false, name: layers[0]!.config.name });
  const conv = layers[1]!;
  assert.equal(conv.config.name, 'conv2d_1');
  assert.ok(!('batch_input_shape' in conv.config), 'the input shape lives on the InputLayer');
  assert.deepEqual(conv.build_config, { input_shape: [null, 6, 6, 1] });
  assert.deepEqual(conv.config.kernel_initializer, {
    module: 'keras.initializers',
    class_name: 'VarianceScaling',
    config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null },
    registered_name: null,
  });
  assert.deepEqual(conv.config.bias_initializer, { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null });
  assert.deepEqual(layers[6]!.build_config, { input_shape: [null, 8] }, 'Dense is built on the Flatten output');
  assert.equal(layers[6]!.config.units, 3);

  // model.weights.h5: /vars, then layers/<snake_case class name>/vars/<i> for every layer.
  assert.deepEqual(dump.groups.sort(), [
    'layers', 'layers/activation', 'layers/activation/vars', 'layers/batch_normalization', 'layers/batch_normalization/vars',
    'layers/conv2d', 'layers/conv2d/vars', 'layers/dense', 'layers/dense/vars', 'layers/flatten', 'layers/flatten/vars',
    'layers/max_pooling2d', 'layers/max_pooling2d/vars', 'vars',
  ]);
  assert.deepEqual(Object.keys(dump.datasets).sort(), [
    'layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1', 'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3',
    'layers/conv2d/vars/0', 'layers/conv2d/vars/1', 'layers/dense/vars/0', 'layers/dense/vars/1',
  ]);
  assert.deepEqual(dump.attrs, {}, 'H5IOStore writes no attributes');
  // Variable order within a layer: trainable then non-trainable (gamma, beta, moving_mean, moving_variance).
  const order = ['layers/conv2d/vars/0', 'layers/conv2d/vars/1', 'layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1',
    'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3', 'layers/dense/vars/0', 'layers/dense/vars/1'];
  const own = model.layers.flatMap((layer) => layer.weights);
  order.forEach((name, i) => {
    const dataset = dump.datasets[name]!;
    assert.equal(dataset.dtype, '<f4', name);
    assert.deepEqual(dataset.shape, own[i]!.shape, name);
    assert.deepEqual(dataset.values, Array.from(own[i]!.read().dataSync()), name);
  });
  model.dispose();
});

test('the archive begins with a zip local header and is stamped as Keras stamps date_saved', async () => {
  const model = await smallModel();
  const bytes = await kerasArchiveBytes(model, new Date(2026, 11, 3, 9, 5, 7));
  assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0x50, 0x4b, 0x03, 0x04]);
  assert.equal(kerasDateSaved(new Date(2026, 0, 2, 3, 4, 5)), '2026-01-02@03:04:05');
  model.dispose();
});

test('round trip through the reader: a Keras 3 .keras back into kerasts gives the same weights (batch-norm statistics included) and predictions', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = await smallModel();
  const path = join(dir, 'm.keras');
  await writeKerasArchive(path, model);
  const back = await modelFromKerasFile(await readKerasFile(path));
  assertSameModel(back, model);
  model.dispose();
  back.dispose();
});
