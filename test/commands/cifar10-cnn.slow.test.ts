import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { runCli, tempDir } from '../helpers/cli.js';
import { cifarBytes } from '../data/fixtures.js';

const CONFIG = resolve(import.meta.dirname, '../../configs/cifar10_cnn.json');
const FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];

test('configs/cifar10_cnn.json is the Keras cifar10_cnn.py network: 1,250,858 parameters', () => {
  const summary = runCli(['summary', CONFIG]);
  assert.equal(summary.status, 0, summary.stderr);
  assert.match(summary.stdout, /Total params: 1,250,858\n/);
  assert.match(summary.stdout, /\(None, 32, 32, 32\)/);
});

test('cifar10_cnn trains on CIFAR-format files (RMSprop with decay, augmentation), resumes, and draws colour filters', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const data = join(dir, 'cifar');
  mkdirSync(data);
  for (const name of FILES) writeFileSync(join(data, name), cifarBytes(8, (r) => (r * 3) % 10));
  const out = join(dir, 'run');
  const first = runCli(['--backend', 'wasm', 'train', CONFIG, '--data', data, '--limit', '32', '--epochs', '1', '--out', out, '--workers', '1', '--seed', '3'], { cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')) as { compile: { optimizer: { config: { decay: number } } }; fit: { augmentation: unknown } };
  assert.equal(spec.compile.optimizer.config.decay, 1e-6);
  assert.deepEqual(spec.fit.augmentation, { width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true, rotation_range: 0, zoom_range: 0, fill_mode: 'nearest' });
  const checkpoint = JSON.parse(readFileSync(join(out, 'checkpoint-1', 'model.json'), 'utf8')) as { trainingConfig: { optimizer_config: { class_name: string; config: { learningRate: number; kerasDecay: number } } } };
  assert.equal(checkpoint.trainingConfig.optimizer_config.class_name, 'KerasDecayRMSProp');
  assert.deepEqual([checkpoint.trainingConfig.optimizer_config.config.learningRate, checkpoint.trainingConfig.optimizer_config.config.kerasDecay], [1e-4, 1e-6]);

  const resumed = runCli(['--backend', 'wasm', 'train', CONFIG, '--data', data, '--limit', '32', '--epochs', '2', '--out', out, '--workers', '1', '--resume'], { cwd: dir });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stderr, /Resuming .* after epoch 1 \(weights and RMSprop state restored\)/);
  assert.equal(readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n').length, 3);

  const grid = join(dir, 'filters.png');
  const filters = runCli(['--backend', 'wasm', 'filters', out, '--rgb', '--out', grid], { cwd: dir });
  assert.equal(filters.status, 0, filters.stderr);
  const png = PNG.sync.read(readFileSync(grid));
  let coloured = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] !== png.data[i + 1] || png.data[i + 1] !== png.data[i + 2]) coloured += 1;
  assert.ok(coloured > 0, 'the 32 first-layer filters are drawn in colour');
});
