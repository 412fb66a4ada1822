import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressLogger } from '../../../src/train/callbacks/progress-logger.js';
import { EpochProgress } from '../../../src/train/progress.js';
import { FakeLoop } from '../../helpers/training-loop.js';

test('progress draws each batch and the epoch line, but not a batch that stopped training', () => {
  let out = '';
  let now = 0;
  const progress = new EpochProgress({ stream: { write: (text: string) => (out += text), isTTY: true }, intervalMs: 0, now: () => now });
  const logger = new ProgressLogger(progress);
  const loop = new FakeLoop({} as never, 0, 3, 4, 2);
  logger.onEpochBegin(1, loop);
  now = 1000;
  logger.onBatchEnd({ epoch: 1, batch: 1, logs: { loss: 0.5 }, seen: 2, average: { loss: 0.5 } }, loop);
  assert.match(out, /Epoch 1\/3\n\r2\/4 \[={14}>\.{15}\] - ETA: 1s - loss: 0\.5000/);
  loop.stop('nan');
  const before = out;
  logger.onBatchEnd({ epoch: 1, batch: 2, logs: { loss: NaN }, seen: 4, average: { loss: NaN } }, loop);
  assert.equal(out, before);
  logger.onEpochEnd(loop.record(1, { loss: 0.25 }), loop);
  assert.match(out, /4\/4 \[=+\] - 1s 500ms\/step - loss: 0\.2500/);
});
