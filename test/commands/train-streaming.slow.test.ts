import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeShapeDataset } from '../helpers/shapes.js';

/** A small CNN with dropout and augmentation, so masks and transforms are part of what must match. */
function spec(data: string, testPath: string): Record<string, unknown> {
  return {
    name: 'streamed-shapes',
    dataset: { name: 'directory', path: data, test_path: testPath, image_size: [12, 12], color_mode: 'rgb', validation_split: 0.2, seed: 3 },
    model: {
      layers: [
        { class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, activation: 'relu' } },
        { class_name: 'MaxPooling2D', config: { pool_size: 2 } },
        { class_name: 'Dropout', config: { rate: 0.25 } },
        { class_name: 'Flatten', config: {} },
        { class_name: 'Dense', config: { units: 3, activation: 'softmax' } },
      ],
    },
    compile: { optimizer: { class_name: 'Adam', config: { learning_rate: 0.01 } }, loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    fit: { epochs: 2, batch_size: 16, seed: 7, augmentation: { width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true, rotation_range: 10 } },
  };
}

/** history.csv without its timing column: the figures that must not depend on how data is read. */
function historyFigures(run: string): string[] {
  const [header, ...rows] = readFileSync(join(run, 'history.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
  const keep = header!.map((name, i) => (/time|second/.test(name) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((row) => keep.map((i) => row[i]).join(','));
}

test('training streamed from the cache gives the same batches, augmentation and weights as in memory', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await writeShapeDataset(join(dir, 'shapes'), { perClass: 34, seed: 2, colour: true });
  await writeShapeDataset(join(dir, 'shapes-test'), { perClass: 4, seed: 8, colour: true });
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, JSON.stringify(spec(join(dir, 'shapes'), join(dir, 'shapes-test'))));
  const train = (out: string, env: NodeJS.ProcessEnv) => runCli(['--backend', 'wasm', 'train', specPath, '--out', join(dir, out), '--workers', '2'], { cwd: dir, env });
  const held = train('held', {});
  assert.equal(held.status, 0, held.stderr);
  // 102 images of 12x12x3 bytes: a 1,000-byte limit streams both splits.
  const streamed = train('streamed', { KERASTS_MAX_IN_MEMORY_BYTES: '1000' });
  assert.equal(streamed.status, 0, streamed.stderr);
  assert.match(held.stderr, /Memory: train: 102 × 12×12×3 uint8 = 44\.1 kB, in memory as float32 \(176\.3 kB\); test: 12 × 12×12×3 uint8 = 5\.2 kB, in memory as float32/);
  assert.match(streamed.stderr, /Memory: train: 102 × 12×12×3 uint8 = 44\.1 kB, streamed from the cache batch by batch; test: 12 × 12×12×3 uint8 = 5\.2 kB, streamed from the cache batch by batch \(a split over 1\.0 kB of uint8 is streamed\)\./);
  assert.deepEqual(historyFigures(join(dir, 'streamed')), historyFigures(join(dir, 'held')));
  assert.ok(
    readFileSync(join(dir, 'streamed', 'weights.bin')).equals(readFileSync(join(dir, 'held', 'weights.bin'))),
    'the trained weights are identical byte for byte',
  );
  // evaluate reads the streamed test split (and draws its misclassified images from the cache file).
  const evaluated = runCli(['--backend', 'wasm', 'evaluate', join(dir, 'streamed')], { cwd: dir, env: { KERASTS_MAX_IN_MEMORY_BYTES: '1000' } });
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const heldEval = runCli(['--backend', 'wasm', 'evaluate', join(dir, 'held')], { cwd: dir });
  assert.equal(evaluated.stdout, heldEval.stdout.replaceAll(join(dir, 'held'), join(dir, 'streamed')));
});
