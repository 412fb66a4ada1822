import type * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { saveStock, stockKernel, takeSavedStock } from '../../../src/backend/wasm/stock.js';

// Kernel names no backend has: this file's process keeps its own registry of saved kernels.
const config = (name: string, result: number): tf.KernelConfig => ({ kernelName: name, backendName: 'wasm', kernelFunc: () => ({ dataId: {}, shape: [result], dtype: 'float32' }) });
const args = {} as Parameters<tf.KernelFunc>[0];

test('a delegating kernel runs the stock kernel saved for its name, looked up at call time', () => {
  const delegate = stockKernel('TestDelegate');
  assert.throws(() => delegate(args), /The wasm backend has no stock TestDelegate kernel to fall back to/);
  saveStock('TestDelegate', config('TestDelegate', 3));
  assert.deepEqual((delegate(args) as tf.TensorInfo).shape, [3]);
  saveStock('TestDelegate', config('TestDelegate', 4));
  assert.deepEqual((delegate(args) as tf.TensorInfo).shape, [4], 'the latest saved wins');
  takeSavedStock();
});

test('a kernel that delegates cannot replace a kernel the backend lacks; one that does not, can', () => {
  stockKernel('TestMissing');
  assert.throws(() => saveStock('TestMissing', undefined), /The wasm backend has no TestMissing kernel to extend/);
  assert.doesNotThrow(() => saveStock('TestNew', undefined));
  takeSavedStock();
});

test('takeSavedStock hands back what was saved, absences included, and empties the record', () => {
  const stock = config('TestA', 1);
  saveStock('TestA', stock);
  saveStock('TestB', undefined);
  assert.deepEqual(takeSavedStock(), [['TestA', stock], ['TestB', undefined]]);
  assert.deepEqual(takeSavedStock(), []);
  const delegate = stockKernel('TestA');
  assert.throws(() => delegate(args), /no stock TestA kernel/, 'a taken kernel is no longer delegated to');
});
