/**
 * Opt-in integration check (`npm run integration`), too slow for `npm test`: trains
 * configs/fashion_mnist_cnn.json for one full epoch on the real Fashion-MNIST files
 * (Debian's dataset-fashion-mnist) and checks the test accuracy reaches 0.84, then draws
 * the filter comparison. Also times loading the whole dataset. Prints the figures; exits 1
 * when a check fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { loadDataset } from '../src/data/index.js';
import { RUN_FILES } from '../src/run/layout.js';

const MIN_ACCURACY = 0.84;
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin', 'kerasts');
const extra = process.argv.slice(2);

if (!existsSync('/usr/share/datasets/fashion-mnist')) {
  console.error('integration: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); nothing was checked.');
  process.exit(1);
}
/** Times reading and scaling all 70,000 images, as `kerasts train` does before its first epoch. */
async function reportLoadTime(): Promise<void> {
  const started = performance.now();
  const dataset = await loadDataset({ name: 'fashion-mnist', imageDimOrdering: 'tf' });
  const seconds = (performance.now() - started) / 1000;
  console.log(`loaded ${dataset.train.count} + ${dataset.test.count} Fashion-MNIST images from ${dataset.source} in ${seconds.toFixed(2)} s`);
}

await reportLoadTime();
const work = mkdtempSync(join(tmpdir(), 'kerasts-integration-'));
try {
  const out = join(work, 'run');
  const train = spawnSync(process.execPath, [bin, 'train', join(root, 'configs/fashion_mnist_cnn.json'), '--epochs', '1', '--out', out, '--json', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (train.status !== 0) throw new Error(`kerasts train exited ${train.status}`);
  const result = JSON.parse(train.stdout) as { testAccuracy: number; testLoss: number; imagesPerSecond: number; secondsPerEpoch: number; backend: { name: string }; workers: number };
  console.log(
    `fashion_mnist_cnn, 1 epoch on ${result.backend.name} with ${result.workers} worker(s): test accuracy ${result.testAccuracy.toFixed(4)}, ` +
      `test loss ${result.testLoss.toFixed(4)}, ${result.imagesPerSecond.toFixed(1)} images/s, ${result.secondsPerEpoch.toFixed(1)} s per epoch`,
  );
  const before = PNG.sync.read(readFileSync(join(out, RUN_FILES.filtersBefore)));
  const after = PNG.sync.read(readFileSync(join(out, RUN_FILES.filtersAfter)));
  let changed = 0;
  let total = 0;
  for (let i = 0; i < after.data.length; i += 4) {
    const difference = Math.abs(after.data[i] - before.data[i]);
    if (difference > 0) changed++;
    total += difference;
  }
  const pixels = after.data.length / 4;
  console.log(`${RUN_FILES.filtersAfter} vs ${RUN_FILES.filtersBefore} (${after.width}x${after.height}): ${changed} of ${pixels} pixels differ, mean ${(total / pixels).toFixed(1)} grey levels`);
  const grid = join(work, 'compare.png');
  const filters = spawnSync(process.execPath, [bin, 'filters', out, '--compare', '--out', grid, '--json'], { encoding: 'utf8' });
  if (filters.status !== 0) throw new Error(`kerasts filters exited ${filters.status}: ${filters.stderr}`);
  const drawn = JSON.parse(filters.stdout) as { width: number; height: number };
  console.log(`filters --compare: ${drawn.width}x${drawn.height} PNG (${readFileSync(grid).length} bytes)`);
  if (result.testAccuracy < MIN_ACCURACY) {
    console.error(`integration: test accuracy ${result.testAccuracy.toFixed(4)} is below ${MIN_ACCURACY}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
