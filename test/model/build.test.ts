import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../../src/errors.js';
import { buildModel, layerNames } from '../../src/model/build.js';
import { initBackend } from '../../src/backend/select.js';
import { inferLayer } from '../../src/model/shape-checks.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';

before(() => initBackend('cpu'));

/** Validates a list of raw layers as a spec would, so tests use the real schema and Keras 1 translation. */
function layersOf(layers: unknown[]): ModelSpec {
  const spec = parseSpec({ dataset: 'mnist', model: { layers } });
  assert.ok(typeof spec.model !== 'string');
  return spec.model;
}

/**
 * Builds one layer on an input (per-sample shape) and returns its output shape and params,
 * after checking that the registry's shape rules (used to refuse huge models before
 * allocating) predict exactly what tfjs built.
 */
function buildOne(layer: unknown, input: number[], ordering: 'tf' | 'th') {
  const spec = layersOf([layer]);
  const model = buildModel(spec, { imageDimOrdering: ordering, inputShape: input });
  const result = { shape: model.outputShape, params: model.countParams() };
  model.dispose();
  const [only] = spec.layers;
  const format = ('data_format' in only.config ? only.config.data_format : undefined) ?? (ordering === 'th' ? 'channels_first' : 'channels_last');
  const inferred = inferLayer(only, [null, ...input], format, { index: 0, name: 'probe' });
  assert.deepEqual({ shape: inferred.output, params: inferred.params }, result, 'the shape rules agree with tfjs');
  return result;
}

/** tf shape (rows, cols, channels) → th shape (channels, rows, cols). */
const th = ([rows, cols, channels]: number[]) => [channels, rows, cols];

// Each row: layer spec, per-sample input (rows, cols, channels), expected output (rows, cols, channels), params.
// Both orderings are checked from the same row, as Keras's conv_test.py does for data_format.
const spatialCases: Array<[string, unknown, number[], number[], number]> = [
  ['Conv2D 3x3 valid', { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3 } }, [28, 28, 1], [26, 26, 32], 320],
  ['Conv2D 3x3 same stride 2', { class_name: 'Conv2D', config: { filters: 8, kernel_size: [3, 3], strides: 2, padding: 'same' } }, [28, 28, 3], [14, 14, 8], 224],
  ['Conv2D 5x3 no bias', { class_name: 'Conv2D', config: { filters: 4, kernel_size: [5, 3], use_bias: false } }, [10, 10, 2], [6, 8, 4], 120],
  ['Convolution2D (Keras 1)', { class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3, nb_col: 3, border_mode: 'valid' } }, [26, 26, 32], [24, 24, 32], 9248],
  ['MaxPooling2D 2x2', { class_name: 'MaxPooling2D', config: { pool_size: [2, 2] } }, [24, 24, 32], [12, 12, 32], 0],
  ['MaxPooling2D 3x3 stride 1', { class_name: 'MaxPooling2D', config: { pool_size: 3, strides: 1 } }, [7, 7, 2], [5, 5, 2], 0],
  ['AveragePooling2D same', { class_name: 'AveragePooling2D', config: { pool_size: 2, padding: 'same' } }, [7, 7, 2], [4, 4, 2], 0],
  ['ZeroPadding2D 1', { class_name: 'ZeroPadding2D', config: { padding: 1 } }, [5, 5, 3], [7, 7, 3], 0],
  ['ZeroPadding2D ((1,2),(0,3))', { class_name: 'ZeroPadding2D', config: { padding: [[1, 2], [0, 3]] } }, [5, 5, 3], [8, 8, 3], 0],
  ['BatchNormalization on the channel axis', { class_name: 'BatchNormalization' }, [6, 6, 16], [6, 6, 16], 64],
  ['Dropout', { class_name: 'Dropout', config: { rate: 0.25 } }, [12, 12, 32], [12, 12, 32], 0],
  ['Activation', { class_name: 'Activation', config: { activation: 'relu' } }, [4, 4, 2], [4, 4, 2], 0],
  ['UpSampling2D default 2x2', { class_name: 'UpSampling2D' }, [5, 5, 3], [10, 10, 3], 0],
  ['UpSampling2D (2, 3) bilinear', { class_name: 'UpSampling2D', config: { size: [2, 3], interpolation: 'bilinear' } }, [4, 5, 2], [8, 15, 2], 0],
  ['UpSampling2D (Keras 1 dim_ordering default)', { class_name: 'UpSampling2D', config: { size: [3, 1], dim_ordering: 'default' } }, [2, 2, 1], [6, 2, 1], 0],
  ['BatchNormalization without center or scale', { class_name: 'BatchNormalization', config: { center: false, scale: false } }, [3, 3, 5], [3, 3, 5], 10],
  ['Conv2DTranspose 3x3 stride 2 valid', { class_name: 'Conv2DTranspose', config: { filters: 4, kernel_size: 3, strides: 2 } }, [5, 6, 2], [11, 13, 4], 76],
  ['Conv2DTranspose (2, 3) same, no bias', { class_name: 'Conv2DTranspose', config: { filters: 2, kernel_size: [2, 3], strides: [2, 1], padding: 'same', use_bias: false } }, [3, 3, 3], [6, 3, 2], 36],
  ['Conv2D after padding, 4x4 stride 3 valid', { class_name: 'Conv2D', config: { filters: 3, kernel_size: 4, strides: 3 } }, [11, 10, 2], [3, 3, 3], 99],
];

for (const [name, layer, input, output, params] of spatialCases) {
  test(`${name}: tf ${JSON.stringify(input)} → ${JSON.stringify(output)}, ${params} params`, () => {
    assert.deepEqual(buildOne(layer, input, 'tf'), { shape: [null, ...output], params });
  });
  test(`${name}: th ${JSON.stringify(th(input))} → ${JSON.stringify(th(output))}, ${params} params`, () => {
    assert.deepEqual(buildOne(layer, th(input), 'th'), { shape: [null, ...th(output)], params });
  });
}

// Layers whose output does not depend on the ordering's layout in the same way.
const flatCases: Array<[string, unknown, number[], 'tf' | 'th', (number | null)[], number]> = [
  ['Flatten tf', { class_name: 'Flatten' }, [12, 12, 32], 'tf', [null, 4608], 0],
  ['Flatten th', { class_name: 'Flatten' }, [32, 12, 12], 'th', [null, 4608], 0],
  ['GlobalAveragePooling2D tf', { class_name: 'GlobalAveragePooling2D' }, [6, 6, 16], 'tf', [null, 16], 0],
  ['GlobalAveragePooling2D th', { class_name: 'GlobalAveragePooling2D' }, [16, 6, 6], 'th', [null, 16], 0],
  ['Dense 4608 → 128', { class_name: 'Dense', config: { units: 128 } }, [4608], 'tf', [null, 128], 589952],
  ['Dense (Keras 1 output_dim)', { class_name: 'Dense', config: { output_dim: 10 } }, [128], 'th', [null, 10], 1290],
  ['Reshape', { class_name: 'Reshape', config: { target_shape: [28, 28, 1] } }, [784], 'tf', [null, 28, 28, 1], 0],
  ['Reshape with -1 (resolved, as Keras prints it)', { class_name: 'Reshape', config: { target_shape: [-1, 8] } }, [72], 'tf', [null, 9, 8], 0],
  ['BatchNormalization on features', { class_name: 'BatchNormalization' }, [12], 'th', [null, 12], 48],
  ['BatchNormalization axis 2 (rows)', { class_name: 'BatchNormalization', config: { axis: 2 } }, [4, 6, 3], 'tf', [null, 4, 6, 3], 24],
];

for (const [name, layer, input, ordering, output, params] of flatCases) {
  test(`${name}: ${JSON.stringify(input)} → ${JSON.stringify(output)}, ${params} params`, () => {
    assert.deepEqual(buildOne(layer, input, ordering), { shape: output, params });
  });
}

test("a layer's own data_format overrides the image_dim_ordering setting", () => {
  const layer = { class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, data_format: 'channels_first' } };
  assert.deepEqual(buildOne(layer, [1, 28, 28], 'tf'), { shape: [null, 4, 26, 26], params: 40 });
  const keras1 = { class_name: 'Convolution2D', config: { nb_filter: 4, nb_row: 3, nb_col: 3, dim_ordering: 'tf' } };
  assert.deepEqual(buildOne(keras1, [28, 28, 1], 'th'), { shape: [null, 26, 26, 4], params: 40 });
});

test("the first layer's input_shape wins over the dataset's", () => {
  const model = buildModel(layersOf([{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, input_shape: [8, 8, 3] } }]), {
    imageDimOrdering: 'tf',
    inputShape: [28, 28, 1],
  });
  assert.deepEqual(model.outputShape, [null, 6, 6, 2]);
  model.dispose();
});

test('layers get Keras-style names numbered per class, skipping names the spec uses', () => {
  const layers = layersOf([
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } },
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, name: 'conv2d_2' } },
    { class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } },
    { class_name: 'Flatten' },
    { class_name: 'Dense', config: { units: 3, name: 'logits' } },
  ]);
  assert.deepEqual(layerNames(layers.layers), ['conv2d_1', 'conv2d_2', 'conv2d_3', 'flatten_1', 'logits']);
  // Stable across builds in one process, unlike tfjs's global counters.
  for (let i = 0; i < 2; i++) {
    const model = buildModel(layers, { imageDimOrdering: 'tf', inputShape: [9, 9, 1] });
    assert.deepEqual(model.layers.map((layer) => layer.name), ['conv2d_1', 'conv2d_2', 'conv2d_3', 'flatten_1', 'logits']);
    model.dispose();
  }
});

test('seeded builds have identical initial weights', () => {
  const layers = layersOf([{ class_name: 'Dense', config: { units: 3 } }]);
  const weights = () => {
    const model = buildModel(layers, { imageDimOrdering: 'tf', inputShape: [4], seed: 7 });
    const values = Array.from(model.getWeights()[0].dataSync());
    model.dispose();
    return values;
  };
  assert.deepEqual(weights(), weights());
});

function assertBuildError(layers: unknown[], input: number[] | undefined, ordering: 'tf' | 'th', pattern: RegExp): void {
  const spec = layersOf(layers);
  const before = tf.memory().numTensors;
  assert.throws(
    () => buildModel(spec, { imageDimOrdering: ordering, inputShape: input, file: 'spec.json' }),
    (error: unknown) => {
      assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
      assert.match(error.toLine(), pattern);
      assert.equal(error.exitCode, 2);
      return true;
    },
  );
  assert.equal(tf.memory().numTensors, before, 'a refused spec leaves no weights behind');
}

const conv = (kernel: number, extra: Record<string, unknown> = {}) => ({ class_name: 'Conv2D', config: { filters: 8, kernel_size: kernel, ...extra } });

test('a kernel larger than its input names the layer and both shapes (tf and th)', () => {
  const layers = [conv(3), { class_name: 'MaxPooling2D' }, conv(3), conv(5)];
  assertBuildError(layers, [8, 8, 1], 'tf',
    /^spec\.json: model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) must fit in its input's rows and cols \(1, 1\) with padding "valid"\. Received: input shape \(None, 1, 1, 8\)\. Use padding "same"/);
  assertBuildError(layers, [1, 8, 8], 'th', /model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) .* Received: input shape \(None, 8, 1, 1\)\./);
});

test('a pool larger than its input is refused', () => {
  assertBuildError([{ class_name: 'MaxPooling2D', config: { pool_size: 4 } }], [3, 3, 1], 'tf', /model\.layers\[0\] \(max_pooling2d_1, MaxPooling2D\): pool_size \(4, 4\) must fit/);
});

test('Dense on a 4-D input asks for a Flatten', () => {
  assertBuildError(
    [conv(3), { class_name: 'Dense', config: { units: 10 } }],
    [28, 28, 1],
    'tf',
    /model\.layers\[1\] \(dense_1, Dense\): needs a 2-D input \(batch, features\)\. Received: input shape \(None, 26, 26, 8\)\. Add a Flatten layer before it\./,
  );
});

test('Conv2D after Flatten is refused with the shape', () => {
  assertBuildError([{ class_name: 'Flatten' }, conv(3)], [28, 28, 1], 'tf', /model\.layers\[1\] \(conv2d_1, Conv2D\): needs a 4-D input \(batch, rows, cols, channels\)\. Received: input shape \(None, 784\)\./);
});

test('UpSampling2D after Flatten is refused with the shape', () => {
  assertBuildError([{ class_name: 'Flatten' }, { class_name: 'UpSampling2D' }], [4, 4, 1], 'th', /model\.layers\[1\] \(up_sampling2d_1, UpSampling2D\): needs a 4-D input \(batch, channels, rows, cols\)\. Received: input shape \(None, 16\)\. Put it before the Flatten layer/);
});

test('a Reshape with -1 leaves the spec as written and can be flattened', () => {
  const spec = layersOf([{ class_name: 'Reshape', config: { target_shape: [-1, 8] } }, { class_name: 'Flatten' }]);
  const model = buildModel(spec, { imageDimOrdering: 'tf', inputShape: [72] });
  assert.deepEqual(model.outputShape, [null, 72]);
  model.dispose();
  // tfjs writes null over the -1 of the array it is given; the spec is written to the run directory afterwards.
  assert.deepEqual(spec.layers[0]!.config, { target_shape: [-1, 8] });
});

test('a Reshape that cannot hold its input is refused', () => {
  assertBuildError([{ class_name: 'Reshape', config: { target_shape: [5, 5] } }], [28, 28, 1], 'tf', /target_shape \(5, 5\) must hold the 784 values/);
  assertBuildError([{ class_name: 'Reshape', config: { target_shape: [-1, 5] } }], [28, 28, 1], 'tf', /target_shape \(-1, 5\) must hold the 784 values/);
});

test('no input shape anywhere is a UserError with an example per ordering', () => {
  assertBuildError([conv(3)], undefined, 'th', /model\.layers\[0\]\.config\.input_shape is needed .* e\.g\. \[1, 28, 28\]/);
});

test('input_shape on a later layer and duplicate names are refused', () => {
  assertBuildError([conv(3), conv(3, { input_shape: [3, 3, 1] })], [8, 8, 1], 'tf', /model\.layers\[1\]\.config\.input_shape is only allowed on the first layer/);
  assertBuildError([conv(3, { name: 'a' }), conv(3, { name: 'a' })], [8, 8, 1], 'tf', /model\.layers\[1\]\.config\.name must be unique\. Received: "a"/);
});
