// Image figures for `npm run bench` (also runs alone: `node --import tsx scripts/bench-images.ts`):
// decode throughput of the directory dataset (first run, one image in flight vs all cores, and
// cached), and the cost of fit.augmentation against an MNIST training step.
import tf from '../src/util/tfjs.cjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { initBackend } from '../src/backend/select.js';
import { makeAugmenter } from '../src/data/images/augment.js';
import { decodeFolders } from '../src/data/images/directory.js';
import { DEFAULT_SETTINGS } from '../src/settings/constants.js';
import { loadSpec } from '../src/spec/load.js';
import { gatherRows } from '../src/train/batches.js';
import { buildSpecModel } from '../src/train/model-for-run.js';
import { createTrainStep } from '../src/train/step-factory.js';
import { compiledParts } from '../src/train/train-step.js';

const IMAGES_PER_CLASS = 150;
const CLASSES = ['a', 'b', 'c', 'd'];

/** Photo-like test images: gaussian noise under a few shapes, 120..360 pixels a side, 3 JPEG : 1 PNG. */
async function writeImages(root: string): Promise<number> {
  let n = 0;
  for (const name of CLASSES) {
    mkdirSync(join(root, name), { recursive: true });
    for (let i = 0; i < IMAGES_PER_CLASS; i++, n++) {
      const side = 120 + ((n * 37) % 240);
      const image = sharp({ create: { width: side, height: Math.round(side * 0.75), channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 120 + (n % 60), sigma: 40 } } });
      const png = i % 4 === 3;
      writeFileSync(join(root, name, `${i}.${png ? 'png' : 'jpg'}`), await (png ? image.png() : image.jpeg({ quality: 85 })).toBuffer());
    }
  }
  return n;
}

async function decodeRows(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kerasts-bench-images-'));
  try {
    const count = await writeImages(join(dir, 'photos'));
    const target = { rows: 32, cols: 32, colorMode: 'rgb' as const, interpolation: 'bilinear' as const };
    const rate = (s: { images: number; seconds: number }) => `${Math.round(s.images / s.seconds)} images/s`;
    const one = await decodeFolders(join(dir, 'photos'), target, { home: join(dir, 'home-1'), concurrency: 1 });
    const all = await decodeFolders(join(dir, 'photos'), target, { home: join(dir, 'home') });
    const cached = await decodeFolders(join(dir, 'photos'), target, { home: join(dir, 'home') });
    return [
      `decode ${count} PNG/JPEG files (120..360 px) to 32x32 rgb with sharp/libvips:`,
      `  ${'first run, 1 image in flight:'.padEnd(38)}${rate(one.stats)} (${one.stats.seconds.toFixed(2)} s)`,
      `  ${`first run, ${2 * availableParallelism()} in flight (${availableParallelism()} cores):`.padEnd(38)}${rate(all.stats)} (${all.stats.seconds.toFixed(2)} s)`,
      `  ${'second run, from the cache:'.padEnd(38)}${rate(cached.stats)} (${cached.stats.seconds.toFixed(3)} s, ${cached.stats.decoded} decoded)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Milliseconds per 128-image MNIST batch: the training step, and gathering with and without augmentation. */
async function augmentationRows(): Promise<string[]> {
  await initBackend('wasm');
  const batch = 128;
  const { spec, file } = await loadSpec('configs/mnist_cnn.json');
  const model = await buildSpecModel({ ...spec, fit: { ...spec.fit, seed: 1 } }, file, { image_dim_ordering: 'tf', epsilon: DEFAULT_SETTINGS.epsilon }, [28, 28, 1]);
  const step = await createTrainStep(compiledParts(model), { workers: 1, backend: 'wasm' });
  const x = tf.randomUniform([batch, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  await step.run(x, y);
  const stepTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await step.run(x, y);
    stepTimes.push(performance.now() - start);
  }
  step.dispose();
  tf.dispose([x, y]);
  model.dispose();

  const data = new Float32Array(6000 * 784).map((_, i) => (i % 97) / 97);
  const time = (augment?: (x: Float32Array, indices: ArrayLike<number>, epoch: number) => void) => {
    const times: number[] = [];
    for (let b = 0; b < 40; b++) {
      const indices = Uint32Array.from({ length: batch }, (_, i) => (b * batch + i) % 6000);
      const start = performance.now();
      const rows = gatherRows(data, 784, indices);
      augment?.(rows, indices, 1);
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const stepMs = median(stepTimes);
  const plain = time();
  const cifarStyle = time(makeAugmenter({ width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true, fill_mode: 'nearest' }, [28, 28, 1], 'tf', 1));
  const full = time(makeAugmenter({ width_shift_range: 0.1, height_shift_range: 0.1, horizontal_flip: true, rotation_range: 15, zoom_range: 0.1 }, [28, 28, 1], 'tf', 1));
  const share = (ms: number) => `${(((ms - plain) / stepMs) * 100).toFixed(1)}% of an epoch`;
  return [
    `augmentation on MNIST batches of ${batch} (wasm, 1 worker; training step ${stepMs.toFixed(0)} ms):`,
    `  gather only:                          ${plain.toFixed(2)} ms`,
    `  shifts 0.1 + horizontal flip:         ${cifarStyle.toFixed(2)} ms (+${share(cifarStyle)})`,
    `  + rotation 15 + zoom 0.1:             ${full.toFixed(2)} ms (+${share(full)})`,
  ];
}

process.stdout.write(`${[...(await decodeRows()), ...(await augmentationRows())].join('\n')}\n`);
