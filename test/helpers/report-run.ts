import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { saveModelToDir } from '../../src/io/file-io.js';
import { RUN_FILES, RunDirectory, type RunMetrics } from '../../src/run/index.js';
import { parseSpec } from '../../src/spec/load.js';
import { encodePng } from '../../src/viz/png.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';

/** The metrics a finished run writes, with figures easy to spot on the page. */
export const METRICS: RunMetrics = {
  test_loss: 0.1234,
  test_accuracy: 0.9876,
  images_per_second: 1234.4,
  seconds_per_epoch: 5.25,
  backend: 'wasm',
  workers: 2,
  epochs: 2,
  stop_reason: 'early_stopping',
  dataset: { name: 'mnist', source: '/data/mnist', kind: 'full', train: 100, validation: 20, test: 30 },
};

/** A small grey PNG of `width x height` (a gradient, so it is not blank). */
export function smallPng(width = 6, height = 4): Buffer {
  return encodePng({ width, height, channels: 1, pixels: Uint8Array.from({ length: width * height }, (_, i) => (i * 37) % 256) });
}

/**
 * A run directory as `kerasts train` leaves it, written with the run's own writers, without
 * training: a small conv model, spec, settings, metrics, history and the filter pictures.
 */
export async function writeFakeRun(dir: string): Promise<RunDirectory> {
  await useCpu();
  mkdirSync(dir, { recursive: true });
  const run = new RunDirectory(dir);
  const model = convModel(handKernel([3, 3, 1, 4]));
  await saveModelToDir(model, dir);
  model.dispose();
  await run.writeSpec(parseSpec({ dataset: 'mnist', model: { layers: [{ class_name: 'Flatten' }] } }));
  await run.writeSettings({
    settings: { image_dim_ordering: 'tf', backend: 'wasm', floatx: 'float32', epsilon: 1e-7, dataset_mirrors: {} },
    sources: { image_dim_ordering: 'default', backend: '--backend' },
    backend: 'wasm',
  });
  await run.writeMetrics(METRICS);
  await run.writeHistory([
    { epoch: 1, logs: { loss: 0.5, acc: 0.8 }, seconds: 1.5 },
    { epoch: 2, logs: { loss: 0.25, acc: 0.9 }, seconds: 1.25 },
  ]);
  await run.writePicture(RUN_FILES.filtersBefore, smallPng());
  await run.writePicture(RUN_FILES.filtersAfter, smallPng(8, 5));
  return run;
}

export const runFile = (dir: string, file: string) => join(dir, file);
