import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { UserError } from '../../../src/errors.js';
import { modelFromKerasFile } from '../../../src/keras/read/build.js';
import { layerKeys, readKerasArchive, snakeCase } from '../../../src/keras/read/keras-archive.js';
import { buildH5, writeFloat32Dataset, type H5File } from '../../../src/keras/write/h5-bytes.js';
import { tempDir } from '../../helpers/cli.js';

const iota = (n: number, from = 0): Float32Array => Float32Array.from({ length: n }, (_, i) => from + i);
const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const layer = (className: string, config: Record<string, unknown>) => ({ module: 'keras.layers', class_name: className, config: { trainable: true, dtype: policy, ...config }, registered_name: null });

/** A Keras 3 Sequential config as model.save writes it (InputLayer with batch_shape, dtype policies). */
const CONFIG = {
  module: 'keras',
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    trainable: true,
    dtype: policy,
    layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4, 4, 1], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
      layer('Conv2D', { name: 'first', filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: true }),
      layer('Conv2D', { name: 'second', filters: 1, kernel_size: [1, 1], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: false }),
      layer('Flatten', { name: 'flatten', data_format: 'channels_last' }),
      layer('Dense', { name: 'out', units: 3, activation: 'linear', use_bias: true }),
    ],
    build_input_shape: [null, 4, 4, 1],
  },
  registered_name: null,
  compile_config: null,
};

/** The weights as Keras 3 stores them: by class key, not by layer name. */
function fillWeights(file: H5File, skip = ''): void {
  file.create_group('vars');
  const put = (path: string, shape: number[], values: Float32Array) => path !== skip && writeFloat32Dataset(file, path, shape, values);
  put('layers/conv2d/vars/0', [3, 3, 1, 2], iota(18));
  put('layers/conv2d/vars/1', [2], iota(2, 100));
  put('layers/conv2d_1/vars/0', [1, 1, 2, 1], iota(2, 200));
  put('layers/dense/vars/0', [4, 3], iota(12, 300));
  put('layers/dense/vars/1', [3], iota(3, 400));
}

async function archive(path: string, options: { weights?: Uint8Array; config?: unknown; skip?: string } = {}): Promise<void> {
  const weights = options.weights ?? (await buildH5((file) => fillWeights(file, options.skip)));
  const zip = zipSync({
    'metadata.json': strToU8(JSON.stringify({ keras_version: '3.5.0', date_saved: '2026-12-03@12:00:00' })),
    'config.json': strToU8(JSON.stringify(options.config ?? CONFIG)),
    'model.weights.h5': weights,
  });
  writeFileSync(path, zip);
}

function userError(file: string, pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.ok(error.file?.startsWith(file), `${error.file} names ${file}`);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

test('snakeCase and layerKeys give saving_lib keys: class in snake case, numbered per class, no Sequential InputLayer', () => {
  assert.deepEqual(['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Dense', 'ReLU'].map(snakeCase), ['conv2d', 'batch_normalization', 'max_pooling2d', 'dense', 're_lu']);
  assert.deepEqual(layerKeys(CONFIG).map(({ layer, key }) => `${layer.name}=${key}`), ['first=conv2d', 'second=conv2d_1', 'flatten=flatten', 'out=dense']);
  const functional = { class_name: 'Functional', config: { layers: CONFIG.config.layers } };
  assert.equal(layerKeys(functional)[0]!.key, 'input_layer', "a functional model's layers include its InputLayer");
});

test('a .keras archive: config, keras_version, and weights under layers/<key>/vars/<i> by layer name', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'm.keras');
  await archive(path);
  const model = await readKerasArchive(path);
  assert.equal(model.kerasVersion, '3.5.0');
  assert.deepEqual(model.config, CONFIG);
  assert.deepEqual(model.weights!.map((w) => [w.layer, w.name, w.shape]), [
    ['first', 'layers/conv2d/vars/0', [3, 3, 1, 2]],
    ['first', 'layers/conv2d/vars/1', [2]],
    ['second', 'layers/conv2d_1/vars/0', [1, 1, 2, 1]],
    ['out', 'layers/dense/vars/0', [4, 3]],
    ['out', 'layers/dense/vars/1', [3]],
  ]);
  assert.deepEqual(Array.from(model.weights![0]!.values), Array.from(iota(18)));
  assert.deepEqual(Array.from(model.weights![4]!.values), [400, 401, 402]);

  // The shared builder takes it: InputLayer batch_shape, dtype policies, weights set by name.
  const built = await modelFromKerasFile(model);
  t.after(() => built.dispose());
  assert.deepEqual(built.inputs[0]!.shape, [null, 4, 4, 1]);
  assert.deepEqual(Array.from(built.getLayer('out').getWeights()[1]!.dataSync()), [400, 401, 402]);
  assert.deepEqual(Array.from(built.getLayer('second').getWeights()[0]!.dataSync()), [200, 201]);
});

test('bad archives: not a zip, a zip without the Keras entries, a zip bomb, too many entries', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const text = join(dir, 'text.keras');
  writeFileSync(text, 'not a zip at all');
  await assert.rejects(readKerasArchive(text), userError(text, /must be a zip archive .* Received: not a readable zip/));

  const other = join(dir, 'other.keras');
  writeFileSync(other, zipSync({ 'readme.txt': strToU8('hello') }));
  await assert.rejects(readKerasArchive(other), userError(other, /zip of config\.json, metadata\.json and model\.weights\.h5 .*Received: a zip without config\.json or model\.weights\.h5 \(entries readme\.txt\)/));

  // A small entry whose central directory claims 4 GB uncompressed: refused before inflating.
  const bomb = join(dir, 'bomb.keras');
  const zip = zipSync({ 'config.json': strToU8('{}'.padEnd(1000, ' ')) }, { level: 9 });
  const central = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  Buffer.from(zip.buffer, zip.byteOffset).writeUInt32LE(0xfffffff0, central + 24);
  writeFileSync(bomb, zip);
  await assert.rejects(readKerasArchive(bomb), userError(bomb, /Received: entries declaring 4294967280 bytes uncompressed/));

  const many = join(dir, 'many.keras');
  const entries: Record<string, Uint8Array> = {};
  for (let i = 0; i < 1001; i++) entries[`assets/${i}`] = new Uint8Array(0);
  writeFileSync(many, zipSync(entries));
  await assert.rejects(readKerasArchive(many), userError(many, /at most 1000 entries .*Received: more than 1000 entries/));
});

test('bad weights: a missing vars dataset, no layers group, model.weights.h5 not HDF5, config.json not JSON', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const gap = join(dir, 'gap.keras');
  await archive(gap, { skip: 'layers/dense/vars/0' });
  await assert.rejects(readKerasArchive(gap), userError(gap, /model\.weights\.h5: layers\/dense\/vars\/0: the weights of layer 'out' must be datasets layers\/dense\/vars\/0 to 1\. Received: no dataset 0/));

  const none = join(dir, 'none.keras');
  await archive(none, { weights: await buildH5((file) => file.create_group('vars')) });
  await assert.rejects(readKerasArchive(none), userError(none, /model\.weights\.h5: the Keras 3 weights \(model\.weights\.h5\) must be held under layers\/<layer>\/vars\. Received: no layers group/));

  const notH5 = join(dir, 'noth5.keras');
  await archive(notH5, { weights: strToU8('garbage'.repeat(20)) });
  await assert.rejects(readKerasArchive(notH5), userError(notH5, /model\.weights\.h5 in the Keras \.keras archive must be an HDF5 file as Keras writes it\. Received: Not an HDF5 file/));

  const badJson = join(dir, 'badjson.keras');
  writeFileSync(badJson, zipSync({ 'config.json': strToU8('{"class_name": '), 'model.weights.h5': await buildH5(() => undefined) }));
  await assert.rejects(readKerasArchive(badJson), userError(badJson, /config\.json: line 1/));
});
