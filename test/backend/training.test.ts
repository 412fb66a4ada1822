import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../src/model/build.js';
import { compileModel } from '../../src/model/compile.js';
import { LAYER_CLASSES, type LayerClass } from '../../src/spec/layers/registry.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';
import { assertClose, useWasm, values } from './compare.js';

/** The classic mnist_cnn layer stack at a size the cpu backend trains in a second. */
function smallClassic(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'glorotUniform' }));
  m.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.dropout({ rate: 0.25, seed: 1 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 8, activation: 'relu' }));
  m.add(tf.layers.dropout({ rate: 0.5, seed: 2 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

async function trainOn(backend: 'cpu' | 'wasm', initial: Float32Array[], steps: number): Promise<Float32Array[]> {
  if (backend === 'wasm') await useWasm();
  else await tf.setBackend('cpu');
  const model = smallClassic();
  model.setWeights(initial.map((data, i) => tf.tensor(data, model.getWeights()[i]!.shape)));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(values(16 * 144, 11).map((v) => (v + 1) / 2), [16, 12, 12, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'), 10);
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const weights = await Promise.all(model.getWeights().map(async (w) => new Float32Array(await w.data())));
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

test('a few SGD steps of a small classic CNN give the same weights on wasm as on cpu', async () => {
  await tf.setBackend('cpu');
  const reference = smallClassic();
  const initial = await Promise.all(reference.getWeights().map(async (w) => new Float32Array(await w.data())));
  reference.dispose();
  const cpu = await trainOn('cpu', initial, 3);
  const wasm = await trainOn('wasm', initial, 3);
  // Training must have moved the weights, or the comparison proves nothing.
  assert.ok(cpu.some((w, i) => w.some((v, j) => v !== initial[i]![j])), 'weights changed');
  cpu.forEach((w, i) => assertClose(wasm[i]!, w, `weight ${i}`, 1e-3, 1e-4));
});

/** The model of a shipped config, built as `kerasts train` builds it (tf ordering, MNIST input). */
function fromConfig(path: string): tf.Sequential {
  const spec = parseSpec(JSON.parse(readFileSync(path, 'utf8')), path);
  return buildModel(spec.model as ModelSpec, { imageDimOrdering: 'tf', inputShape: [28, 28, 1] });
}

/** The shipped configs at full size (their 32- and 64-filter convolutions use the widest SIMD blocks). */
const shipped: Record<string, () => tf.Sequential> = {
  'classic mnist_cnn (Conv 32, Conv 32)': () => fromConfig('configs/mnist_cnn.json'),
  'Keras 2 mnist_cnn (Conv 32, Conv 64)': () => fromConfig('configs/mnist_cnn_keras2.json'),
};

for (const [name, build] of Object.entries(shipped)) {
  test(`one Adadelta training step on wasm finds every kernel: ${name}`, async () => {
    await useWasm();
    const model = build();
    model.compile({ optimizer: tf.train.adadelta(1.0, 0.95, 1e-6), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = tf.tensor4d(values(4 * 784, 12).map((v) => (v + 1) / 2), [4, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 3, 7, 9], 'int32'), 10);
    // A missing kernel throws "Kernel 'X' not registered for backend 'wasm'".
    const first = (await model.trainOnBatch(x, y)) as number[];
    const tensors = tf.memory().numTensors;
    const second = (await model.trainOnBatch(x, y)) as number[];
    assert.ok(Number.isFinite(first[0]) && Number.isFinite(second[0]), `finite loss: ${first[0]}, ${second[0]}`);
    assert.equal(tf.memory().numTensors, tensors, 'numTensors stable across steps');
    tf.dispose([x, y]);
    model.dispose();
  });
}

/**
 * Every registered layer class, in both orderings, trains one step on wasm inside a tiny
 * model: a class whose forward or backward kernel wasm lacks fails here, not for a user.
 * `Record<LayerClass, ...>` makes the compiler demand a row for a newly registered class.
 */
interface Row {
  /** The layer under test as a spec writes it (its name is set by the test). */
  layer: { class_name: string; config?: Record<string, unknown> };
  /** What it is given: the 6×6×2 image of a Conv2D, or that image flattened (72 features). */
  input: 'image' | 'flat';
}

const rows: Record<LayerClass, Row> = {
  Conv2D: { layer: { class_name: 'Conv2D', config: { filters: 3, kernel_size: 3, activation: 'relu' } }, input: 'image' },
  MaxPooling2D: { layer: { class_name: 'MaxPooling2D' }, input: 'image' },
  AveragePooling2D: { layer: { class_name: 'AveragePooling2D', config: { pool_size: 3, strides: 1, padding: 'same' } }, input: 'image' },
  Dropout: { layer: { class_name: 'Dropout', config: { rate: 0.25, seed: 3 } }, input: 'image' },
  Flatten: { layer: { class_name: 'Flatten' }, input: 'image' },
  Dense: { layer: { class_name: 'Dense', config: { units: 4, activation: 'tanh' } }, input: 'flat' },
  Activation: { layer: { class_name: 'Activation', config: { activation: 'sigmoid' } }, input: 'image' },
  BatchNormalization: { layer: { class_name: 'BatchNormalization' }, input: 'image' },
  ZeroPadding2D: { layer: { class_name: 'ZeroPadding2D', config: { padding: [[1, 0], [0, 2]] } }, input: 'image' },
  GlobalAveragePooling2D: { layer: { class_name: 'GlobalAveragePooling2D' }, input: 'image' },
  Reshape: { layer: { class_name: 'Reshape', config: { target_shape: [6, 12] } }, input: 'flat' },
  UpSampling2D: { layer: { class_name: 'UpSampling2D', config: { size: [2, 1] } }, input: 'image' },
  Conv2DTranspose: { layer: { class_name: 'Conv2DTranspose', config: { filters: 3, kernel_size: 3, strides: 2 } }, input: 'image' },
  Cropping2D: { layer: { class_name: 'Cropping2D', config: { cropping: [[1, 0], [2, 1]] } }, input: 'image' },
  SeparableConv2D: { layer: { class_name: 'SeparableConv2D', config: { filters: 3, kernel_size: 3, depth_multiplier: 2, padding: 'same', activation: 'relu' } }, input: 'image' },
  DepthwiseConv2D: { layer: { class_name: 'DepthwiseConv2D', config: { kernel_size: [3, 2], strides: 2, depth_multiplier: 2 } }, input: 'image' },
};

const IMAGE = { tf: [6, 6, 2], th: [2, 6, 6] } as const;
const BATCH = 4;
const CLASSES = 3;

/** conv (so gradients must flow through the layer) → [Flatten] → layer → [Flatten] → Dense softmax. */
function modelAround(row: Row, ordering: 'tf' | 'th'): tf.Sequential {
  const conv = { class_name: 'Conv2D', config: { name: 'first_conv', filters: 2, kernel_size: 3, padding: 'same', input_shape: [...IMAGE[ordering]] } };
  const head = [conv, ...(row.input === 'flat' ? [{ class_name: 'Flatten' }] : []), { ...row.layer, config: { ...row.layer.config, name: 'under_test' } }];
  const build = (layers: unknown[]) => {
    const spec = parseSpec({ dataset: 'mnist', model: { layers } });
    assert.ok(typeof spec.model !== 'string');
    return buildModel(spec.model, { imageDimOrdering: ordering, seed: 1 });
  };
  const probe = build(head);
  const rank = probe.outputShape.length;
  probe.dispose();
  return build([...head, ...(rank > 2 ? [{ class_name: 'Flatten' }] : []), { class_name: 'Dense', config: { units: CLASSES, activation: 'softmax' } }]);
}

const snapshot = (weights: tf.LayerVariable[]) => weights.map((w) => Float32Array.from(w.read().dataSync()));
const changed = (before: Float32Array[], after: Float32Array[]) => before.some((w, i) => w.some((v, j) => v !== after[i]![j]));

for (const className of LAYER_CLASSES) {
  for (const ordering of ['tf', 'th'] as const) {
    test(`${className} (${ordering}) trains one step on wasm: finite loss, weights move`, async () => {
      const row = rows[className];
      assert.ok(row, `no training row for the registered class ${className}: add one to this table`);
      await useWasm();
      const model = modelAround(row, ordering);
      try {
        compileModel(model, parseSpec({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }] } }).compile);
        const underTest = model.getLayer('under_test');
        const first = model.getLayer('first_conv');
        const before = { own: snapshot(underTest.trainableWeights), first: snapshot(first.trainableWeights) };
        const x = tf.tensor4d(values(BATCH * 72, 5), [BATCH, ...IMAGE[ordering]] as [number, number, number, number]);
        const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), CLASSES);
        // A missing kernel throws "Kernel 'X' not registered for backend 'wasm'".
        const [loss] = (await model.trainOnBatch(x, y)) as number[];
        tf.dispose([x, y]);
        assert.ok(Number.isFinite(loss), `finite loss: ${loss}`);
        if (underTest.trainableWeights.length > 0) assert.ok(changed(before.own, snapshot(underTest.trainableWeights)), 'its own weights changed');
        // The first conv sits before the layer: its weights move only if the gradient got through.
        assert.ok(changed(before.first, snapshot(first.trainableWeights)), 'the gradient reached the layer before it');
      } finally {
        model.dispose();
      }
    });
  }
}
