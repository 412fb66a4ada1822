import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { confusionMatrix, type ClassPredictions } from '../../src/model/confusion.js';
import { RUN_FILES } from '../../src/run/layout.js';
import { MISCLASSIFIED_SHOWN, writeEvaluationPictures } from '../../src/train/evaluation-pictures.js';
import { tempDir } from '../helpers/cli.js';

/** `count` 6x6 grey images, image i of brightness i / count. */
function split(count: number) {
  const images = new Float32Array(count * 36);
  for (let i = 0; i < count; i++) images.fill(i / count, i * 36, (i + 1) * 36);
  return { images, labels: new Uint8Array(count), count };
}

function predictions(count: number, wrong: number): ClassPredictions {
  const labels = Array.from({ length: count }, (_, i) => i % 3);
  return {
    labels,
    predicted: labels.map((label, i) => (i < wrong ? (label + 1) % 3 : label)),
    probability: labels.map((_, i) => 0.5 + i / (2 * count)),
  };
}

const decode = (path: string) => PNG.sync.read(readFileSync(path));

test('both pictures are written into the run directory, and their paths returned', async (t) => {
  const { dir, remove } = tempDir('kerasts-eval-pictures-');
  t.after(remove);
  const p = predictions(12, 5);
  const written = await writeEvaluationPictures(dir, confusionMatrix(p, ['a', 'b', 'c']), p, { test: split(12), imageShape: [6, 6, 1] }, 'tf');
  assert.deepEqual(written, { confusionMatrix: join(dir, RUN_FILES.confusionMatrix), misclassified: join(dir, RUN_FILES.misclassified) });
  const heatmap = decode(written.confusionMatrix);
  assert.ok(heatmap.width > 100 && heatmap.height > 100, `${heatmap.width} x ${heatmap.height}`);
  const grid = decode(written.misclassified);
  assert.ok(grid.width > 50 && grid.height > 50);
});

test('no more than MISCLASSIFIED_SHOWN mistakes are drawn: more mistakes, the same picture size', async (t) => {
  const { dir, remove } = tempDir('kerasts-eval-pictures-');
  t.after(remove);
  const sizeWith = async (count: number, wrong: number) => {
    const p = predictions(count, wrong);
    const { misclassified } = await writeEvaluationPictures(dir, confusionMatrix(p, ['a', 'b', 'c']), p, { test: split(count), imageShape: [6, 6, 1] }, 'tf');
    const png = decode(misclassified);
    return [png.width, png.height];
  };
  const full = await sizeWith(MISCLASSIFIED_SHOWN + 20, MISCLASSIFIED_SHOWN);
  assert.deepEqual(await sizeWith(MISCLASSIFIED_SHOWN + 20, MISCLASSIFIED_SHOWN + 20), full);
  const few = await sizeWith(20, 3);
  assert.ok(few[1]! < full[1]!, `3 mistakes take fewer rows than ${MISCLASSIFIED_SHOWN} (${few} vs ${full})`);
});
