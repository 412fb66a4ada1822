import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EpochProgress, formatBar, formatLogs } from '../../src/train/progress.js';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (text: string) => chunks.push(text) }, chunks };
}

test('the bar is drawn as Keras Progbar draws it', () => {
  assert.equal(formatBar(0, 100, 10), '[..........]');
  assert.equal(formatBar(35, 100, 10), '[==>.......]');
  assert.equal(formatBar(100, 100, 10), '[==========]');
  assert.equal(formatLogs({ loss: 0.41, acc: 0.87 }), ' - loss: 0.4100 - acc: 0.8700');
});

test('on a TTY the bar is redrawn in place and each epoch ends with one finished line', () => {
  let clock = 0;
  const { stream, chunks } = recorder(true);
  const progress = new EpochProgress({ stream, now: () => clock, intervalMs: 100 });
  progress.startEpoch(1, 12, 60000);
  clock = 1000;
  progress.update(3840, { loss: 0.41, acc: 0.87 });
  clock = 1010;
  progress.update(3968, { loss: 0.4, acc: 0.88 });
  clock = 2000;
  progress.endEpoch(1, 12, 469, { loss: 0.3, acc: 0.9 });
  const text = chunks.join('');
  assert.match(text, /^Epoch 1\/12\n/);
  assert.match(text, /\r 3840\/60000 \[>\.{29}\] - ETA: 15s - loss: 0\.4100 - acc: 0\.8700/);
  assert.ok(!text.includes('3968/60000'), 'redraws are throttled');
  assert.match(text, /\r60000\/60000 \[=+\] - 2s 4ms\/step - loss: 0\.3000 - acc: 0\.9000\x1b\[K\n$/);
});

test('off a TTY there is one plain line per epoch and no bar', () => {
  let clock = 0;
  const { stream, chunks } = recorder(false);
  const progress = new EpochProgress({ stream, now: () => clock });
  progress.startEpoch(2, 3, 100);
  progress.update(50, { loss: 1 });
  clock = 3000;
  progress.endEpoch(2, 3, 4, { loss: 0.5 });
  assert.deepEqual(chunks, ['Epoch 2/3 - 3s 750ms/step - loss: 0.5000\n']);
});
