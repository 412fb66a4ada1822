import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { planModel } from '../../src/model/plan.js';
import { parseSpec } from '../../src/spec/load.js';

const layersOf = (path: string) => {
  const spec = parseSpec(JSON.parse(readFileSync(path, 'utf8')), path);
  assert.ok(typeof spec.model !== 'string');
  return spec.model;
};

// The totals of the golden summaries (test/fixtures/summary), which tfjs counts after building.
for (const ordering of ['tf', 'th'] as const) {
  test(`planModel counts the shipped mnist_cnn's parameters without tfjs (${ordering})`, () => {
    const inputShape = ordering === 'tf' ? [28, 28, 1] : [1, 28, 28];
    const plan = planModel(layersOf('configs/mnist_cnn.json'), { imageDimOrdering: ordering, inputShape });
    assert.equal(plan.params, 600810);
    assert.deepEqual(plan.names.slice(0, 3), ['conv2d_1', 'activation_1', 'conv2d_2']);
    assert.deepEqual(plan.layers[2]!.output, ordering === 'tf' ? [null, 24, 24, 32] : [null, 32, 24, 24]);
  });
}
