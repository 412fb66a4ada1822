import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { buildH5, setStringListAttribute, writeFloat32Dataset } from '../../src/keras/write/h5-bytes.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../helpers/keras-fixtures.js';

// These run the real binary (bin/kerasts → dist/): build first (npx tsc -p tsconfig.json).

/** Keras's own counts: 3*3*5*6 + 6 = 276; 28 + 4 (BatchNormalization, 2 of them moving statistics) + 10 + 37 = 79. */
const H5_MODELS = [
  { file: 'h5/dl4j_conv2d_tensorflow_1.h5', total: '276', trainable: '276', firstRow: /^convolution2d_1 \(Conv2D\)\s+\(None, 3, 3, 6\)\s+276$/ },
  { file: 'h5/dl4j_conv2d_tensorflow_2.h5', total: '276', trainable: '276', firstRow: /^conv2d_1 \(Conv2D\)\s+\(None, 3, 3, 6\)\s+276$/ },
  { file: 'h5/dl4j_cnn_batch_norm.h5', total: '79', trainable: '77', firstRow: /^conv2d_1 \(Conv2D\)\s+\(None, 8, 8, 1\)\s+28$/ },
];

for (const { file, total, trainable, firstRow } of H5_MODELS) {
  test(`kerasts summary ${file}: ${total} parameters as Keras counts them`, (t) => {
    if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
    const result = runCli(['summary', kerasModel(file)]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Total params: ${total}$`, 'm'));
    assert.match(result.stdout, new RegExp(`^Trainable params: ${trainable}$`, 'm'));
    assert.match(result.stdout.split('\n')[3]!, firstRow);
  });
}

const KERAS1_JSON = {
  class_name: 'Sequential',
  config: [{ class_name: 'Convolution2D', config: { name: 'conv', nb_filter: 2, nb_row: 2, nb_col: 2, dim_ordering: 'th', activation: 'linear', border_mode: 'valid', subsample: [1, 1], batch_input_shape: [null, 1, 3, 3] } }],
};

async function weightsFile(path: string, kernelShape: number[]): Promise<void> {
  writeFileSync(path, await buildH5((file) => {
    setStringListAttribute(file, 'layer_names', ['conv']);
    const conv = file.create_group('conv');
    setStringListAttribute(conv, 'weight_names', ['conv_W', 'conv_b']);
    writeFloat32Dataset(conv, 'conv_W', kernelShape, new Float32Array(8));
    writeFloat32Dataset(conv, 'conv_b', [2], new Float32Array(2));
  }));
}

test('kerasts summary model.json --weights w.h5 checks the weights against the model', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(KERAS1_JSON));
  await weightsFile(join(dir, 'w.h5'), [2, 1, 2, 2]);
  const ok = runCli(['summary', 'model.json', '--weights', 'w.h5'], { cwd: dir });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^conv \(Conv2D\)\s+\(None, 2, 2, 2\)\s+10$/m);

  await weightsFile(join(dir, 'bad.h5'), [2, 2, 2, 1]);
  const bad = runCli(['summary', 'model.json', '--weights', 'bad.h5'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^kerasts: bad\.h5: conv_W: the weight conv_W has shape \[2, 1, 2, 2\]; layer "conv" \(Conv2D\) expects \[2, 2, 1, 2\] there\.\n$/);

  const alone = runCli(['summary', 'w.h5'], { cwd: dir });
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /^kerasts: w\.h5: holds weights only, no model config/);
});

test('bad Keras binaries on the command line: truncated .h5, text named .h5, a zip that is not a .keras archive; exit 2, one line', (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  const { dir, remove } = tempDir();
  t.after(remove);
  const bytes = readFileSync(kerasModel('h5/dl4j_cnn_batch_norm.h5'));
  writeFileSync(join(dir, 'cut.h5'), bytes.subarray(0, 6000));
  writeFileSync(join(dir, 'photos.keras'), zipSync({ 'a.jpg': strToU8('jpeg?') }));
  writeFileSync(join(dir, 'text.h5'), 'not HDF5 at all');
  const cases = [
    { name: 'text.h5', line: /^kerasts: text\.h5: is named as a Keras HDF5 file, so it must start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a\. Received: first bytes 6e 6f 74 20 48 44 46 35\.$/ },
    { name: 'cut.h5', line: /^kerasts: cut\.h5: the Keras HDF5 file must be an HDF5 file as Keras writes it\. Received: File has been truncated/ },
    { name: 'photos.keras', line: /^kerasts: photos\.keras: the Keras \.keras archive must be a zip of config\.json, metadata\.json and model\.weights\.h5 .*\(entries a\.jpg\)\.$/ },
  ];
  for (const { name, line } of cases) {
    const result = runCli(['summary', name], { cwd: dir });
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr.trimEnd(), line);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
  }
});

test('kerasts filters on a .h5 draws its real kernels: filter f of channel 0 spans f..240+f (kernel 90r + 30c + 6i + f)', (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  const { dir, remove } = tempDir();
  t.after(remove);
  const result = runCli(['filters', kerasModel('h5/dl4j_conv2d_tensorflow_2.h5'), '--out', join(dir, 'f.png'), '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  const drawn = JSON.parse(result.stdout) as { layer: { kernelShape: number[] }; filters: { min: number; max: number }[] };
  assert.deepEqual(drawn.layer.kernelShape, [3, 3, 5, 6]);
  assert.deepEqual(drawn.filters.map((f) => [f.min, f.max]), [0, 1, 2, 3, 4, 5].map((f) => [f, 240 + f]));
});

test('kerasts filters model.json --weights w.h5 draws the weights file\'s kernels; --weights with a spec is exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(KERAS1_JSON));
  writeFileSync(join(dir, 'w.h5'), await buildH5((file) => {
    setStringListAttribute(file, 'layer_names', ['conv']);
    const conv = file.create_group('conv');
    setStringListAttribute(conv, 'weight_names', ['conv_W', 'conv_b']);
    // Keras 1 th: (filters, stack, rows, cols); filter 0 holds 0..3, filter 1 holds 10..13.
    writeFloat32Dataset(conv, 'conv_W', [2, 1, 2, 2], Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]));
    writeFloat32Dataset(conv, 'conv_b', [2], new Float32Array(2));
  }));
  const result = runCli(['filters', 'model.json', '--weights', 'w.h5', '--out', 'f.png', '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  const drawn = JSON.parse(result.stdout) as { filters: { min: number; max: number }[] };
  assert.deepEqual(drawn.filters.map((f) => [f.min, f.max]), [[0, 3], [10, 13]]);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ dataset: 'mnist', model: { layers: [{ type: 'Conv2D', filters: 2, kernel_size: 3 }] } }));
  const spec = runCli(['filters', 'spec.json', '--weights', 'w.h5', '--out', 'g.png'], { cwd: dir });
  assert.equal(spec.status, 2, spec.stderr);
  assert.match(spec.stderr, /^kerasts: w\.h5: --weights goes with a Keras model file \(JSON, \.h5 or \.keras\)\. Received: spec\.json, a spec\.\n$/);
});

test('kerasts summary m.keras (a Keras 3 archive) prints the Keras parameter counts', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 6, 6, 1], dtype: 'float32', name: 'input_layer' }, registered_name: null },
        { module: 'keras.layers', class_name: 'Conv2D', config: { name: 'conv2d', filters: 3, kernel_size: [3, 3], padding: 'valid', data_format: 'channels_last', activation: 'relu', use_bias: true }, registered_name: null },
        { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten' }, registered_name: null },
        { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'softmax' }, registered_name: null },
      ],
    },
  };
  const weights = await buildH5((file) => {
    writeFloat32Dataset(file, 'layers/conv2d/vars/0', [3, 3, 1, 3], new Float32Array(27));
    writeFloat32Dataset(file, 'layers/conv2d/vars/1', [3], new Float32Array(3));
    writeFloat32Dataset(file, 'layers/dense/vars/0', [48, 2], new Float32Array(96));
    writeFloat32Dataset(file, 'layers/dense/vars/1', [2], new Float32Array(2));
  });
  writeFileSync(join(dir, 'm.keras'), zipSync({ 'metadata.json': strToU8('{"keras_version": "3.5.0"}'), 'config.json': strToU8(JSON.stringify(config)), 'model.weights.h5': weights }));
  const result = runCli(['summary', 'm.keras'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  // 3*3*1*3 + 3 = 30; 4*4*3*2 + 2 = 98.
  assert.match(result.stdout, /^conv2d \(Conv2D\)\s+\(None, 4, 4, 3\)\s+30$/m);
  assert.match(result.stdout, /^dense \(Dense\)\s+\(None, 2\)\s+98$/m);
  assert.match(result.stdout, /^Total params: 128$/m);
});
