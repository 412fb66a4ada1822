import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { KERAS_MODELS_DIR, KERAS_MODELS_MISSING, kerasModel } from '../helpers/keras-fixtures.js';
import { project } from '../helpers/train-project.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { PNG } from 'pngjs';

// A Keras JSON is accepted wherever a model is: filters, plot, and a spec's `model` for train
// (summary: summary-keras.test.ts). These run dist/ through bin/kerasts.

/** A small Keras 1 Theano-ordered CNN for 28x28 MNIST images, as Keras 1.2 to_json() writes it. */
const keras1Th = {
  class_name: 'Sequential',
  keras_version: '1.2.2',
  config: [
    { class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 4, nb_row: 3, nb_col: 3, dim_ordering: 'th', border_mode: 'valid', init: 'glorot_uniform', activation: 'relu', bias: true, input_dtype: 'float32', batch_input_shape: [null, 1, 28, 28] } },
    { class_name: 'MaxPooling2D', config: { name: 'maxpooling2d_1', pool_size: [2, 2], dim_ordering: 'th', border_mode: 'valid' } },
    { class_name: 'Flatten', config: { name: 'flatten_1' } },
    { class_name: 'Dense', config: { name: 'dense_1', output_dim: 10, input_dim: 676, activation: 'softmax', init: 'glorot_uniform' } },
  ],
};

test('kerasts train fine-tunes a Keras 1 JSON named by a spec, keeping its channels-first ordering', (t) => {
  const p = project(t, smallCnnSpec({ model: 'keras1.json', fit: { epochs: 1, batch_size: 32, seed: 7 } }));
  writeFileSync(join(p.dir, 'keras1.json'), JSON.stringify(keras1Th));
  const out = join(p.dir, 'run');
  const result = runCli(['--backend', 'cpu', '--image-dim-ordering', 'th', 'train', p.spec, '--data', p.data, '--out', out, '--limit', '64', '--workers', '1', '--quiet'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  const topology = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).modelTopology as { config: { layers: { config: { name: string; data_format?: string } }[] } };
  assert.deepEqual(topology.config.layers.map((l) => l.config.name), ['convolution2d_1', 'maxpooling2d_1', 'flatten_1', 'dense_1']);
  assert.equal(topology.config.layers[0]!.config.data_format, 'channels_first');
  const summary = runCli(['summary', out]);
  assert.match(summary.stdout, /convolution2d_1 \(Conv2D\)\s+\(None, 4, 26, 26\)\s+40/);
});

test('kerasts filters and plot take a Keras JSON', (t) => {
  if (KERAS_MODELS_DIR === undefined) return t.skip(KERAS_MODELS_MISSING);
  const p = project(t);
  const input = kerasModel('keras1/dl4j_mnist_cnn_th_keras_1_config.json');
  const filters = runCli(['filters', input, '--out', 'f.png', '--layer', 'convolution2d_2'], { cwd: p.dir });
  assert.equal(filters.status, 0, filters.stderr);
  assert.match(filters.stdout, /f\.png: 32 filters of convolution2d_2 \(3x3x32x32\)/);
  const plot = runCli(['plot', input, '--out', 'p.svg'], { cwd: p.dir });
  assert.equal(plot.status, 0, plot.stderr);
  assert.ok(readFileSync(join(p.dir, 'p.svg'), 'utf8').includes('convolution2d_1'));
  const compare = runCli(['filters', input, '--compare', '--out', 'c.png'], { cwd: p.dir });
  assert.equal(compare.status, 2);
  assert.match(compare.stderr, /--compare: needs a trained model .*a Keras model file/);
  assert.ok(!existsSync(join(p.dir, 'c.png')));
});

test('kerasts predict classifies an image with a Keras JSON model, channels-first', (t) => {
  const p = project(t);
  writeFileSync(join(p.dir, 'keras1.json'), JSON.stringify(keras1Th));
  const png = new PNG({ width: 28, height: 28, colorType: 0 });
  png.data.fill(255);
  writeFileSync(join(p.dir, 'digit.png'), PNG.sync.write(png, { colorType: 0 }));
  const result = runCli(['--backend', 'cpu', 'predict', 'keras1.json', 'digit.png', '--json'], { cwd: p.dir });
  assert.equal(result.status, 0, result.stderr);
  const [prediction] = JSON.parse(result.stdout) as { file: string; classIndex: number; probability: number }[];
  assert.equal(prediction!.file, 'digit.png');
  assert.ok(prediction!.classIndex >= 0 && prediction!.classIndex < 10);
  assert.ok(prediction!.probability > 0 && prediction!.probability <= 1);
});
