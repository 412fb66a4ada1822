import tf from '../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { initBackend, tfjsNodeProblem, TFJS_NODE_INSTALL } from '../../src/backend/select.js';

test('auto falls back to wasm when tfjs-node is absent, with one line saying why', async (t) => {
  const problem = await tfjsNodeProblem();
  if (problem === undefined) {
    t.skip('@tensorflow/tfjs-node is installed here, so auto picks it; fallback not testable');
    return;
  }
  const lines: string[] = [];
  const choice = await initBackend('auto', { log: (line) => lines.push(line) });
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.match(choice.reason, /tfjs-node is not installed/);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^kerasts: backend auto -> wasm \(.*not installed.*npm install @tensorflow\/tfjs-node@4\.22\.0/);
});

test('explicit tensorflow without tfjs-node is a UserError (exit 2) with the install command', async (t) => {
  if ((await tfjsNodeProblem()) === undefined) {
    t.skip('@tensorflow/tfjs-node is installed here; the missing-package error cannot occur');
    return;
  }
  await assert.rejects(initBackend('tensorflow'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.exitCode, 2);
    assert.match(error.toLine(), /backend "tensorflow" needs @tensorflow\/tfjs-node\. Received: .*not installed/);
    assert.ok(error.toLine().includes(TFJS_NODE_INSTALL));
    assert.match(error.toLine(), /internet/);
    return true;
  });
});

test('the real tfjs-node backend trains a step when installed', async (t) => {
  const problem = await tfjsNodeProblem();
  if (problem !== undefined) {
    t.skip(`${problem}; install with ${TFJS_NODE_INSTALL}`);
    return;
  }
  const choice = await initBackend('tensorflow');
  assert.equal(choice.name, 'tensorflow');
  const w = tf.variable(tf.ones([2, 2]));
  tf.train.sgd(0.1).minimize(() => tf.sum(tf.square(w)));
  assert.deepEqual(Array.from(await w.data()), [0.8, 0.8, 0.8, 0.8].map((v) => Math.fround(v)));
});

test('wasm and cpu are selected when asked for', async () => {
  assert.deepEqual(await initBackend('wasm'), { name: 'wasm', reason: 'requested' });
  assert.equal(tf.getBackend(), 'wasm');
  // A second initialisation is harmless (kernel registration is idempotent).
  await initBackend('wasm');
  assert.deepEqual(await initBackend('cpu'), { name: 'cpu', reason: 'requested' });
  assert.equal(tf.getBackend(), 'cpu');
});
