import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { initBackend } from '../../src/backend/select.js';
import { UserError } from '../../src/errors.js';
import { buildModel } from '../../src/model/build.js';
import { checkParamBudget, modelByteLimit, TRAINING_COPIES, WASM_HEAP_BYTES } from '../../src/model/param-budget.js';
import { parseSpec } from '../../src/spec/load.js';
import type { ModelSpec } from '../../src/spec/schema.js';

before(() => initBackend('cpu'));

const GiB = 2 ** 30;

test('the byte limit is half the memory, capped at the 4 GiB wasm heap', () => {
  assert.equal(WASM_HEAP_BYTES, 4 * GiB);
  assert.equal(modelByteLimit(2 * GiB), GiB);
  assert.equal(modelByteLimit(64 * GiB), 4 * GiB);
  assert.ok(modelByteLimit() <= 4 * GiB);
});

function refusal(run: () => void): UserError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.equal(caught.exitCode, 2);
  assert.equal(caught.code, 'SPEC_TOO_LARGE');
  return caught;
}

test('training counts weights, gradients and two optimizer slots; a summary counts the weights only', () => {
  const params = 100_000_000; // 400 MB of float32 weights, 1.6 GB to train
  const limit = GiB;
  checkParamBudget(params, { training: false, limit });
  assert.equal(TRAINING_COPIES, 4);
  const error = refusal(() => checkParamBudget(params, { training: true, limit, file: 'big.json' }));
  assert.match(error.toLine(), /^big\.json: the model needs 1,600,000,000 bytes to train \(100,000,000 float32 parameters × 4 bytes × 4 for weights, gradients and two optimizer slots\); the limit is 1,073,741,824 bytes \(the smaller of half this machine's memory and the 4 GiB wasm heap\)\. Use fewer filters/);
  checkParamBudget(limit / 16, { training: true, limit });
  refusal(() => checkParamBudget(limit / 16 + 1, { training: true, limit }));
});

/** ~2 billion parameters: a Dense of 40,000 units on 50,000 features. */
const huge = (): ModelSpec => {
  const spec = parseSpec(JSON.parse(readFileSync('test/fixtures/spec-too-large/spec.json', 'utf8')));
  assert.ok(typeof spec.model !== 'string');
  return spec.model;
};

for (const training of [true, false]) {
  test(`a 2-billion-parameter spec is refused in milliseconds without allocating (training: ${training})`, () => {
    const model = huge();
    const tensors = tf.memory().numTensors;
    const heap = process.memoryUsage().rss;
    const start = performance.now();
    const error = refusal(() => buildModel(model, { imageDimOrdering: 'tf', training, file: 'spec.json' }));
    const elapsed = performance.now() - start;
    assert.match(error.toLine(), training ? /needs 32,007,040,160 bytes to train \(2,000,440,010 float32 parameters/ : /needs 8,001,760,040 bytes for its weights \(2,000,440,010 float32 parameters × 4 bytes\)/);
    assert.ok(elapsed < 200, `refused in ${elapsed.toFixed(1)} ms`);
    assert.equal(tf.memory().numTensors, tensors, 'no tensor was created');
    assert.ok(process.memoryUsage().rss - heap < 64 * 2 ** 20, 'resident memory did not grow');
  });
}

test('a model that fits is built as before', () => {
  const spec = parseSpec({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 10 } }] } });
  assert.ok(typeof spec.model !== 'string');
  const model = buildModel(spec.model, { imageDimOrdering: 'tf', inputShape: [28, 28, 1] });
  assert.equal(model.countParams(), 7850);
  model.dispose();
});

test('astronomically large counts are still refused and printed in full', () => {
  const error = refusal(() => checkParamBudget(2 ** 53 * 2 ** 20, { training: false, limit: GiB }));
  assert.match(error.message, /needs 37,778,931,862,957,161,709,568 bytes for its weights \(9,444,732,965,739,290,427,392 float32 parameters/);
});
