// Streaming figures for `npm run bench` (also runs alone: `node --import tsx scripts/bench-streaming.ts
// [--images N]`): the same cached class-folder dataset read for one shuffled epoch of batches held
// in memory and streamed from the decode cache, each in its own process so that its peak RSS
// (process.resourceUsage().maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tf from '../src/util/tfjs.cjs';
import { PNG } from 'pngjs';
import { initBackend } from '../src/backend/select.js';
import { makeAugmenter } from '../src/data/images/augment.js';
import { loadDirectory } from '../src/data/images/directory.js';
import { formatBytes } from '../src/data/progress.js';
import { batchRanges, epochOrder, gatherRows, makeBatch, type ArraySamples } from '../src/train/batches.js';
import { toSamples } from '../src/train/samples.js';
import { createTrainStep } from '../src/train/step-factory.js';
import { compiledParts } from '../src/train/train-step.js';

const SIDE = 64;
const BATCH = 128;
const CLASSES = ['a', 'b', 'c'];
const STREAM_LIMIT = 1024 * 1024;

interface ChildResult {
  mode: string;
  loadSeconds: number;
  epochSeconds: number;
  images: number;
  maxRssMB: number;
  /** RSS after the load and a full garbage collection: what the split keeps, without the garbage of reading. */
  retainedMB: number;
  streamed: boolean;
  /** Images/s of a few training steps of a small CNN (wasm, 2 workers) on batches read from the split. */
  trainRate: number;
}

const TRAIN_STEPS = 12;

/** A few training steps on `samples`' first batches, in images/s (after one warm-up step). */
async function trainRate(samples: ArraySamples): Promise<number> {
  await initBackend('wasm');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIDE, SIDE, 3], filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 4 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES.length, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  // Two workers: a streamed set is then read by each thread for its own shard (TrainStep.runRows).
  const step = await createTrainStep(compiledParts(model), { workers: 2, backend: 'wasm' });
  const order = epochOrder(samples.count, true, 3, 2);
  const ranges = batchRanges(samples.count, 32).slice(0, TRAIN_STEPS + 1);
  let started = 0;
  for (const [i, [start, end]] of ranges.entries()) {
    if (i === 1) started = performance.now();
    const indices = order.subarray(start, end);
    if (step.runRows && !(samples.x instanceof Float32Array)) {
      await step.runRows(samples, indices, 2);
    } else {
      const { x, y } = makeBatch(samples, indices, 2);
      await step.run(x, y);
      tf.dispose([x, y]);
    }
  }
  step.dispose();
  return (TRAIN_STEPS * 32) / ((performance.now() - started) / 1000);
}

/** `count` noisy 64x64 RGB PNGs in three class folders. */
function writeImages(root: string, count: number): void {
  let state = 1;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 4294967296);
  for (let n = 0; n < count; n++) {
    const folder = join(root, CLASSES[n % CLASSES.length]!);
    mkdirSync(folder, { recursive: true });
    const png = new PNG({ width: SIDE, height: SIDE });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i & 3) === 3 ? 255 : Math.floor(random() * 256);
    writeFileSync(join(folder, `${n}.png`), PNG.sync.write(png));
  }
}

/** RSS in MB after a full collection (the child runs with --expose-gc), so garbage not yet collected is not counted. */
function retainedRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

/** The first decode of the folder (a fresh cache) in this process: seconds and peak RSS. */
async function firstDecode(mode: string, data: string, home: string): Promise<DecodeResult> {
  const started = performance.now();
  const loaded = await loadDirectory({ path: data, image_size: [SIDE, SIDE], color_mode: 'rgb', seed: 1 }, 'tf', { home, maxInMemoryBytes: mode === 'decode-held' ? Number.MAX_SAFE_INTEGER : STREAM_LIMIT });
  const seconds = (performance.now() - started) / 1000;
  const retainedMB = retainedRss();
  if (loaded.train.count === 0) throw new Error('nothing loaded');
  return { seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, retainedMB };
}

interface DecodeResult {
  seconds: number;
  maxRssMB: number;
  retainedMB: number;
}

/** One mode in this process: load (from the cache), gather one shuffled epoch of batches (peak RSS taken here), train a few steps. */
async function child(mode: 'held' | 'streamed', data: string, home: string): Promise<ChildResult> {
  const started = performance.now();
  const loaded = await loadDirectory({ path: data, image_size: [SIDE, SIDE], color_mode: 'rgb', seed: 1 }, 'tf', { home, maxInMemoryBytes: mode === 'held' ? Number.MAX_SAFE_INTEGER : STREAM_LIMIT });
  const loadSeconds = (performance.now() - started) / 1000;
  const retainedMB = retainedRss();
  const split = loaded.train;
  const rows = split.streamed ?? split.images;
  const rowSize = SIDE * SIDE * 3;
  const order = epochOrder(split.count, true, 7, 1);
  const epochStart = performance.now();
  let checksum = 0;
  for (const [start, end] of batchRanges(split.count, BATCH)) checksum += gatherRows(rows, rowSize, order.subarray(start, end))[0]!;
  const epochSeconds = (performance.now() - epochStart) / 1000;
  if (!Number.isFinite(checksum)) throw new Error('bad pixels');
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  const samples = toSamples(split, { imageShape: loaded.imageShape, numClasses: CLASSES.length }, 'categorical_crossentropy');
  const augment = makeAugmenter({ width_shift_range: 0.1, horizontal_flip: true }, loaded.imageShape, 'tf', 1);
  return { mode, loadSeconds, epochSeconds, images: split.count, maxRssMB, retainedMB, streamed: split.streamed !== undefined, trainRate: await trainRate({ ...samples, augment }) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const mode = args[1]!;
    const result = mode.startsWith('decode-') ? await firstDecode(mode, args[2]!, args[3]!) : await child(mode as 'held' | 'streamed', args[2]!, args[3]!);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const at = args.indexOf('--images');
  const count = at >= 0 ? Number(args[at + 1]) : 3000;
  const dir = mkdtempSync(join(tmpdir(), 'kerasts-bench-stream-'));
  try {
    const data = join(dir, 'photos');
    const home = join(dir, 'home');
    writeImages(data, count);
    const run = <T>(mode: string, cacheHome = home): T => {
      const result = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--child', mode, data, cacheHome], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (result.status !== 0) throw new Error(`bench-streaming ${mode} failed with status ${result.status}`);
      return JSON.parse(result.stdout.trim().split('\n').pop()!) as T;
    };
    // The first decodes, each into its own fresh cache; the second one's cache is then read by both modes.
    const decodeHeld = run<DecodeResult>('decode-held', join(dir, 'home-held'));
    const decodeStreamed = run<DecodeResult>('decode-streamed');
    const held = run<ChildResult>('held');
    const streamed = run<ChildResult>('streamed');
    const rate = (r: ChildResult) => r.images / r.epochSeconds;
    const line = (r: ChildResult) =>
      `  ${`${r.mode}${r.streamed ? ` (limit ${formatBytes(STREAM_LIMIT)})` : ''}:`.padEnd(26)}${Math.round(rate(r)).toLocaleString('en-US').padStart(8)} images/s gathered, ${Math.round(r.trainRate)} images/s training, load ${r.loadSeconds.toFixed(2)} s, RSS after it ${r.retainedMB.toFixed(0)} MB, peak RSS ${r.maxRssMB.toFixed(0)} MB`;
    const decodeLine = (name: string, r: DecodeResult) => `  ${name.padEnd(24)}${r.seconds.toFixed(2)} s, RSS after it ${r.retainedMB.toFixed(0)} MB, peak RSS ${r.maxRssMB.toFixed(0)} MB`;
    process.stdout.write(
      [
        `streaming: ${count} cached ${SIDE}x${SIDE} rgb images (${formatBytes(count * SIDE * SIDE * 3)} uint8, ${formatBytes(count * SIDE * SIDE * 12)} float32), one shuffled epoch of batches of ${BATCH}, each mode in its own process:`,
        decodeLine('first decode, held:', decodeHeld),
        decodeLine('first decode, streamed:', decodeStreamed),
        line(held),
        line(streamed),
        `  streamed / in memory: ${(rate(streamed) / rate(held)).toFixed(2)}x the images/s gathered, ${(streamed.trainRate / held.trainRate).toFixed(2)}x training (${TRAIN_STEPS} steps of 32, small CNN, wasm, 2 workers, augmented), ${(streamed.retainedMB / held.retainedMB).toFixed(2)}x the RSS after load`,
        `  (RSS after load: after a full GC; peak RSS: over load and one gathered epoch, before training, garbage of the batches included; load average ${loadavg().map((v) => v.toFixed(1)).join(', ')} on ${availableParallelism()} cores: other jobs share the machine)`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
