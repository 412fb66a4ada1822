import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import tf from '../../src/util/tfjs.cjs';
import { UserError } from '../../src/errors.js';
import { convLayers, readKernel, resolveConvLayer } from '../../src/viz/conv-layers.js';
import { drawFilterGrid } from '../../src/viz/filter-grid.js';
import { thToTf, tfToTh } from '../../src/viz/kernel-layout.js';
import { convModel, handKernel, useCpu } from './helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('a channels-first (th) Conv2D still stores its kernel as (rows, cols, in, filters)', () => {
  const model = tf.sequential({
    layers: [tf.layers.conv2d({ inputShape: [3, 8, 8], filters: 5, kernelSize: [2, 4], dataFormat: 'channelsFirst' })],
  });
  assert.deepEqual(readKernel(convLayers(model)[0]!).shape, [2, 4, 3, 5]);
  model.dispose();
});

test('th and tf models with the same weights compute the same filters and draw the same picture', () => {
  // Weights as a Keras 1 "th" file would hold them: (filters, in, rows, cols).
  const thWeights = tfToTh(handKernel([3, 3, 2, 6], 4));
  const kernel = thToTf(thWeights);
  const tfModel = convModel(kernel, 'tf');
  const thModel = convModel(kernel, 'th');
  const tfKernel = readKernel(resolveConvLayer(tfModel));
  const thKernel = readKernel(resolveConvLayer(thModel));
  assert.deepEqual(thKernel, tfKernel);
  // Filter i really is the same filter: feature map i agrees on the same image in either ordering.
  const conv = (m: tf.LayersModel) => tf.model({ inputs: m.inputs, outputs: m.getLayer('conv_a').output as tf.SymbolicTensor });
  const image = tf.randomUniform([1, 6, 6, 2], -1, 1, 'float32', 7);
  const tfMaps = conv(tfModel).predict(image) as tf.Tensor;
  const thMaps = (conv(thModel).predict(image.transpose([0, 3, 1, 2])) as tf.Tensor).transpose([0, 2, 3, 1]);
  assert.ok(tf.max(tf.abs(tf.sub(tfMaps, thMaps))).dataSync()[0]! < 1e-5);
  for (const options of [{}, { channel: 1 }, { normalize: 'global' as const }]) {
    assert.deepEqual(drawFilterGrid(thKernel, options).pixels, drawFilterGrid(tfKernel, options).pixels);
  }
  tf.dispose([image, tfMaps, thMaps]);
  tfModel.dispose();
  thModel.dispose();
});

test('--layer resolves a name or an index counting convolution layers only', () => {
  const model = convModel(handKernel([3, 3, 1, 4]));
  assert.deepEqual(convLayers(model).map((ref) => [ref.layer.name, ref.convIndex, ref.layerIndex]), [['conv_a', 0, 0], ['conv_b', 1, 1]]);
  assert.equal(resolveConvLayer(model).layer.name, 'conv_a');
  assert.equal(resolveConvLayer(model, '1').layer.name, 'conv_b');
  assert.equal(resolveConvLayer(model, 'conv_b').convIndex, 1);
  assert.deepEqual(readKernel(resolveConvLayer(model, 'conv_b')).shape, [1, 1, 4, 2]);
  const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && error.exitCode === 2 && pattern.test(error.toLine());
  assert.throws(
    () => resolveConvLayer(model, 'out', 'model.json'),
    userError(/^model\.json: --layer: must name a convolution layer \(0: conv_a, 1: conv_b\)\. Received: "out", a Dense layer\.$/),
  );
  assert.throws(() => resolveConvLayer(model, 'nope'), userError(/Received: "nope", which is not a layer of this model/));
  assert.throws(() => resolveConvLayer(model, '2'), userError(/--layer: index must be from 0 to 1 .*conv_a.*Received: 2\./));
  model.dispose();
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  assert.throws(() => resolveConvLayer(dense), userError(/must have a convolution layer.*Received: a model with layers Dense/));
  dense.dispose();
});

test('a depthwise kernel is drawn as one single-channel tile per (input channel, multiplier)', () => {
  const model = tf.sequential({ layers: [tf.layers.depthwiseConv2d({ inputShape: [5, 5, 3], kernelSize: 3, depthMultiplier: 2 })] });
  const ref = resolveConvLayer(model);
  assert.equal(ref.className, 'DepthwiseConv2D');
  const kernel = readKernel(ref);
  assert.deepEqual(kernel.shape, [3, 3, 1, 6]);
  assert.deepEqual(kernel.data, model.layers[0]!.getWeights()[0]!.dataSync());
  model.dispose();
});
