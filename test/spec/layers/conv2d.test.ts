import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { KerastsConv2D } from '../../../src/spec/layers/conv2d.js';
import { registerLayerClasses } from '../../../src/spec/layers/registry.js';
import { compiledParts, lossAndGradients } from '../../../src/train/train-step.js';
import { assertClose, useWasm, values } from '../../backend/compare.js';
import { assertBuildError, assertConfigError, buildOne, configOf, spatialTests } from '../../helpers/layer-case.js';

before(() => initBackend('cpu'));

spatialTests([
  ['Conv2D 3x3 valid', { class_name: 'Conv2D', config: { filters: 32, kernel_size: 3 } }, [28, 28, 1], [26, 26, 32], 320],
  ['Conv2D 3x3 same stride 2', { class_name: 'Conv2D', config: { filters: 8, kernel_size: [3, 3], strides: 2, padding: 'same' } }, [28, 28, 3], [14, 14, 8], 224],
  ['Conv2D 5x3 no bias', { class_name: 'Conv2D', config: { filters: 4, kernel_size: [5, 3], use_bias: false } }, [10, 10, 2], [6, 8, 4], 120],
  ['Convolution2D (Keras 1)', { class_name: 'Convolution2D', config: { nb_filter: 32, nb_row: 3, nb_col: 3, border_mode: 'valid' } }, [26, 26, 32], [24, 24, 32], 9248],
  ['Conv2D after padding, 4x4 stride 3 valid', { class_name: 'Conv2D', config: { filters: 3, kernel_size: 4, strides: 3 } }, [11, 10, 2], [3, 3, 3], 99],
]);

test('Conv2D fills the Keras defaults and keeps what was given', () => {
  assert.deepEqual(configOf({ class_name: 'Conv2D', config: { filters: 2, kernel_size: [3, 5], activation: 'relu' } }), {
    filters: 2,
    kernel_size: [3, 5],
    strides: 1,
    padding: 'valid',
    activation: 'relu',
    use_bias: true,
    kernel_initializer: 'glorot_uniform',
    bias_initializer: 'zeros',
  });
});

test('Conv2D refuses bad values with the JSON path', () => {
  const conv = (config: Record<string, unknown>) => ({ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3, ...config } });
  assertConfigError(conv({ filters: 0 }), /model\.layers\[0\]\.config\.filters must be a positive integer\. Received: 0\./);
  assertConfigError(conv({ kernel_size: 'three' }), /model\.layers\[0\]\.config\.kernel_size must be a positive integer or a list of two\. Received: "three"\./);
  // zod words a list of three itself; the path is still the key's.
  assertConfigError(conv({ kernel_size: [3, 3, 3] }), /model\.layers\[0\]\.config\.kernel_size must be a positive integer or a list of two\. Received: \[3,3,3\]\./);
  assertConfigError(conv({ strides: 0 }), /model\.layers\[0\]\.config\.strides must be a positive integer\. Received: 0\./);
  assertConfigError(conv({ activation: 'leaky' }), /model\.layers\[0\]\.config\.activation must be one of linear, relu/);
  assertConfigError(conv({ kernel_initializer: 'uniform' }), /model\.layers\[0\]\.config\.kernel_initializer must be one of zeros, ones/);
  assertConfigError(conv({ data_format: 'channels_middle' }), /model\.layers\[0\]\.config\.data_format must be "channels_last" or "channels_first"/);
  assertConfigError(conv({ use_bias: 'yes' }), /model\.layers\[0\]\.config\.use_bias must be true or false/);
});

test("Conv2D's own data_format overrides the image_dim_ordering setting", () => {
  const layer = { class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, data_format: 'channels_first' } };
  assert.deepEqual(buildOne(layer, [1, 28, 28], 'tf'), { shape: [null, 4, 26, 26], params: 40 });
  const keras1 = { class_name: 'Convolution2D', config: { nb_filter: 4, nb_row: 3, nb_col: 3, dim_ordering: 'tf' } };
  assert.deepEqual(buildOne(keras1, [28, 28, 1], 'th'), { shape: [null, 26, 26, 4], params: 40 });
});

const conv = (kernel: number) => ({ class_name: 'Conv2D', config: { filters: 8, kernel_size: kernel } });

test('a kernel larger than its input names the layer and both shapes (tf and th)', () => {
  const layers = [conv(3), { class_name: 'MaxPooling2D' }, conv(3), conv(5)];
  assertBuildError(layers, [8, 8, 1], 'tf',
    /^spec\.json: model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) must fit in its input's rows and cols \(1, 1\) with padding "valid"\. Received: input shape \(None, 1, 1, 8\)\. Use padding "same"/);
  assertBuildError(layers, [1, 8, 8], 'th', /model\.layers\[3\] \(conv2d_3, Conv2D\): kernel_size \(5, 5\) .* Received: input shape \(None, 8, 1, 1\)\./);
});

test('Conv2D after Flatten is refused with the shape', () => {
  assertBuildError([{ class_name: 'Flatten' }, conv(3)], [28, 28, 1], 'tf', /model\.layers\[1\] \(conv2d_1, Conv2D\): needs a 4-D input \(batch, rows, cols, channels\)\. Received: input shape \(None, 784\)\./);
});

/** One conv-net in two builds: tfjs-layers' own Conv2D class (`stock`) or kerasts's; the same weights. */
function convNet(stock: boolean, format: 'channelsLast' | 'channelsFirst', first: string, second: string): tf.LayersModel {
  const conv = (args: Record<string, unknown>) => (stock ? tf.layers.conv2d(args as unknown as Parameters<typeof tf.layers.conv2d>[0]) : new KerastsConv2D(args));
  const inputShape = format === 'channelsLast' ? [9, 8, 2] : [2, 9, 8];
  const model = tf.sequential({
    layers: [
      conv({ inputShape, filters: 4, kernelSize: 3, activation: first, dataFormat: format }),
      tf.layers.activation({ activation: 'relu' }),
      conv({ filters: 4, kernelSize: [2, 3], strides: 2, padding: 'same', activation: second, dataFormat: format }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, 60 + i), w.shape)));
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  return model;
}

/** The gradients a training step computes, by variable order, and the number of Conv2DBackpropInput kernels it ran. */
async function stepGradients(model: tf.LayersModel, x: tf.Tensor): Promise<{ grads: Float32Array[]; inputGradients: number }> {
  const y = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3);
  let grads: Float32Array[] = [];
  const profile = await tf.profile(() => {
    const result = lossAndGradients(compiledParts(model), x, y, { step: 1, row: 0 });
    grads = model.trainableWeights.map((w) => result.grads[w.originalName]!.dataSync() as Float32Array);
    tf.dispose([result.loss, ...Object.values(result.grads)]);
  });
  y.dispose();
  return { grads, inputGradients: profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length };
}

for (const backend of ['cpu', 'wasm'] as const) {
  for (const format of ['channelsLast', 'channelsFirst'] as const) {
    test(`kerasts's Conv2D on ${backend}, ${format}: a training step's gradients are tfjs's, without the first layer's input gradient`, async () => {
      if (backend === 'wasm') await useWasm();
      else await initBackend('cpu');
      const x = tf.tensor4d(values(3 * 9 * 8 * 2, 61), format === 'channelsLast' ? [3, 9, 8, 2] : [3, 2, 9, 8]);
      for (const second of ['linear', 'relu']) {
        const stock = await stepGradients(convNet(true, format, 'linear', second), x);
        const ours = await stepGradients(convNet(false, format, 'linear', second), x);
        assert.equal(stock.inputGradients, 2);
        assert.equal(ours.inputGradients, 1, 'only the second convolution\'s input has a trainable layer upstream');
        assert.equal(ours.grads.length, stock.grads.length);
        // Linear: the same kernels on the same values, so bit for bit. A fused ReLU is three kernels in tfjs-core under
        // a tape and one here, which wasm may round differently (cpu does not).
        ours.grads.forEach((g, i) => {
          if (second === 'linear' || backend === 'cpu') assert.deepEqual(Array.from(g), Array.from(stock.grads[i]!), `${second}: gradient ${i}`);
          else assertClose(g, stock.grads[i]!, `${second}: gradient ${i}`);
        });
      }
      x.dispose();
    });
  }
}

test('kerasts\'s Conv2D computes what tfjs\'s does, values and gradients, for activations the kernel does not fuse, in both orderings', async () => {
  await initBackend('cpu');
  for (const format of ['channelsLast', 'channelsFirst'] as const) {
    const x = tf.tensor4d(values(3 * 9 * 8 * 2, 62), format === 'channelsLast' ? [3, 9, 8, 2] : [3, 2, 9, 8]);
    for (const activation of ['softmax', 'tanh', 'elu']) {
      const [stock, ours] = [convNet(true, format, activation, activation), convNet(false, format, activation, activation)];
      // Softmax is over the last axis of the layer's output, as tfjs-layers applies it (after transposing back under th).
      const layerOutput = (model: tf.LayersModel) => tf.model({ inputs: model.inputs, outputs: model.layers[2]!.output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      assertClose(layerOutput(ours).dataSync() as Float32Array, layerOutput(stock).dataSync() as Float32Array, `${format} ${activation}`, 1e-6, 1e-7);
      const [a, b] = [await stepGradients(ours, x), await stepGradients(stock, x)];
      a.grads.forEach((g, i) => assertClose(g, b.grads[i]!, `${format} ${activation}: gradient ${i}`, 1e-5, 1e-6));
    }
    x.dispose();
  }
});

test('kerasts\'s Conv2D saves as tfjs\'s Conv2D and loads back as itself', async () => {
  await initBackend('cpu');
  registerLayerClasses();
  const [stock, ours] = [convNet(true, 'channelsFirst', 'linear', 'relu'), convNet(false, 'channelsFirst', 'linear', 'relu')];
  assert.ok(ours.layers[0] instanceof KerastsConv2D);
  assert.equal(ours.layers[0]!.getClassName(), 'Conv2D');
  // The same topology, byte for byte (layer names aside: they are numbered per process).
  const topology = (model: tf.LayersModel) => JSON.stringify(model.toJSON(undefined, false)).replace(/"name":"[^"]*"/g, '"name"');
  assert.equal(topology(ours), topology(stock));
  const loaded = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(stock.toJSON(undefined, false))));
  assert.ok(loaded.layers[0] instanceof KerastsConv2D && loaded.layers[2] instanceof KerastsConv2D);
});
