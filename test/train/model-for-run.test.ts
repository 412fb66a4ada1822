import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { PNG } from 'pngjs';
import { parseSpec } from '../../src/spec/load.js';
import { buildSpecModel, describeModel, writeFilterGrid } from '../../src/train/model-for-run.js';
import { tempDir } from '../helpers/cli.js';
import { smallCnnSpec } from '../helpers/synthetic-data.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

const settings = { image_dim_ordering: 'tf' as const, epsilon: 1e-7 };

test('the spec\'s model is built for the data\'s input shape and compiled as the spec says', async () => {
  const model = await buildSpecModel(parseSpec(smallCnnSpec(), 'spec.json'), 'spec.json', settings, [12, 12, 1]);
  assert.deepEqual(model.inputs[0]!.shape, [null, 12, 12, 1]);
  assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
  assert.equal(model.optimizer.getClassName(), 'Adam');
  assert.equal(model.loss, 'categoricalCrossentropy');
  model.dispose();
});

test('describeModel is the Keras-style summary with every layer and the parameter count', async () => {
  const model = await buildSpecModel(parseSpec(smallCnnSpec(), 'spec.json'), 'spec.json', settings, [12, 12, 1]);
  const text = describeModel(model);
  for (const layer of model.layers) assert.ok(text.includes(layer.name), `${layer.name} in the summary`);
  // conv 3*3*1*8 + 8 = 80; dense (5*5*8)*10 + 10 = 2010.
  assert.match(text, /Total params: 2,?090/);
  model.dispose();
});

test('the first convolution\'s filters are drawn; a model without one gets no picture', async (t) => {
  const { dir, remove } = tempDir('kerasts-model-for-run-');
  t.after(remove);
  const conv = await buildSpecModel(parseSpec(smallCnnSpec(), 'spec.json'), 'spec.json', settings, [12, 12, 1]);
  const path = join(dir, 'filters.png');
  assert.equal(await writeFilterGrid(conv, path), true);
  const png = PNG.sync.read(readFileSync(path));
  assert.ok(png.width > 0 && png.height > 0);
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
  assert.equal(await writeFilterGrid(dense, join(dir, 'none.png')), false);
  assert.equal(existsSync(join(dir, 'none.png')), false);
  tf.dispose([conv, dense].flatMap((m) => m.weights.map((w) => w.read())));
});
