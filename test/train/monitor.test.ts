import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatienceMonitor, resolveMode } from '../../src/train/monitor.js';

const spec = (patience: number, extra: Partial<{ min_delta: number; monitor: string; mode: 'auto' | 'min' | 'max' }> = {}) => ({
  monitor: 'val_loss',
  min_delta: 0,
  patience,
  mode: 'auto' as const,
  restore_best_weights: false,
  ...extra,
});

test('auto mode maximises accuracy and minimises everything else, as Keras', () => {
  assert.equal(resolveMode('val_acc', 'auto'), 'max');
  assert.equal(resolveMode('val_accuracy', 'auto'), 'max');
  assert.equal(resolveMode('val_loss', 'auto'), 'min');
  assert.equal(resolveMode('val_loss', 'max'), 'max');
});

test('early stopping waits `patience` epochs without improvement', () => {
  const stopping = new PatienceMonitor(spec(2));
  assert.equal(stopping.judge(1, { val_loss: 1.0 }), 'improved');
  assert.equal(stopping.judge(2, { val_loss: 0.8 }), 'improved');
  assert.equal(stopping.judge(3, { val_loss: 0.9 }), 'wait');
  assert.equal(stopping.judge(4, { val_loss: 0.85 }), 'stop');
  assert.equal(stopping.bestEpoch, 2);
});

test('patience 0 stops at the first epoch without improvement; min_delta demands a margin', () => {
  const strict = new PatienceMonitor(spec(0, { min_delta: 0.1 }));
  assert.equal(strict.judge(1, { val_loss: 1.0 }), 'improved');
  assert.equal(strict.judge(2, { val_loss: 0.95 }), 'stop', 'an improvement smaller than min_delta does not count');
});

test('a monitor missing from the logs never stops training; state survives a resume', () => {
  const stopping = new PatienceMonitor(spec(1, { monitor: 'val_acc' }));
  assert.equal(stopping.judge(1, { loss: 1 }), 'missing');
  assert.equal(stopping.judge(2, { val_acc: 0.5 }), 'improved');
  const resumed = new PatienceMonitor(spec(1, { monitor: 'val_acc' }));
  resumed.setState(stopping.getState());
  assert.equal(resumed.judge(3, { val_acc: 0.4 }), 'stop');
});
