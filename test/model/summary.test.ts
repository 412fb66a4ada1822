import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../src/model/build.js';
import { runSummary } from '../../src/model/run-summary.js';
import { initBackend } from '../../src/backend/select.js';
import { formatSummary, summarizeModel, thousands } from '../../src/model/summary.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';

before(() => initBackend('cpu'));

const golden = (name: string) => readFileSync(new URL(`../fixtures/summary/${name}`, import.meta.url), 'utf8');

test('mnist_cnn summary matches the golden text under tf', async () => {
  const summary = await runSummary({ input: 'configs/mnist_cnn.json', imageDimOrdering: 'tf' });
  assert.equal(formatSummary(summary), golden('mnist_cnn.tf.txt'));
});

test('mnist_cnn summary matches the golden text under th (channels first, same counts)', async () => {
  const summary = await runSummary({ input: 'configs/mnist_cnn.json', imageDimOrdering: 'th' });
  assert.equal(formatSummary(summary), golden('mnist_cnn.th.txt'));
  assert.deepEqual(summary.layers.map((layer) => layer.params), [320, 0, 9248, 0, 0, 0, 0, 589952, 0, 0, 1290, 0]);
});

test('BatchNormalization weights count as non-trainable where Keras says so', () => {
  const spec = parseSpec({ dataset: 'mnist', model: { layers: [{ class_name: 'Conv2D', config: { filters: 4, kernel_size: 3 } }, { class_name: 'BatchNormalization' }] } });
  const model = buildModel(spec.model as ModelSpec, { imageDimOrdering: 'tf', inputShape: [28, 28, 1] });
  const summary = summarizeModel(model);
  model.dispose();
  assert.deepEqual(
    { total: summary.totalParams, trainable: summary.trainableParams, nonTrainable: summary.nonTrainableParams },
    { total: 40 + 16, trainable: 40 + 8, nonTrainable: 8 },
  );
  assert.match(formatSummary(summary), /\nTotal params: 56\nTrainable params: 48\nNon-trainable params: 8\n/);
});

test('thousands separators and a long layer name that widens the column', () => {
  assert.equal(thousands(0), '0');
  assert.equal(thousands(600810), '600,810');
  assert.equal(thousands(1199882), '1,199,882');
  const text = formatSummary({
    layers: [{ name: 'a_very_long_layer_name_indeed', className: 'GlobalAveragePooling2D', outputShape: [null, 16], params: 0 }],
    totalParams: 0,
    trainableParams: 0,
    nonTrainableParams: 0,
  });
  const row = text.split('\n').find((line) => line.startsWith('a_very'));
  assert.equal(row, 'a_very_long_layer_name_indeed (GlobalAveragePooling2D) (None, 16)                0');
});
