// Streaming figures for `npm run bench` (also runs alone: `node --import tsx scripts/bench-streaming.ts
// [--images N]`): the same cached class-folder dataset read for one shuffled epoch of batches held
// in memory and streamed from the decode cache, each in its own process so that its peak RSS
// (process.resourceUsage().maxRSS) is its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { loadDirectory } from '../src/data/images/directory.js';
import { formatBytes } from '../src/data/progress.js';
import { epochOrder, gatherRows, batchRanges } from '../src/train/batches.js';

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
  streamed: boolean;
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

/** One mode in this process: load (from the cache), then gather one shuffled epoch of batches. */
async function child(mode: 'held' | 'streamed', data: string, home: string): Promise<ChildResult> {
  const started = performance.now();
  const loaded = await loadDirectory({ path: data, image_size: [SIDE, SIDE], color_mode: 'rgb', seed: 1 }, 'tf', { home, maxInMemoryBytes: mode === 'held' ? Number.MAX_SAFE_INTEGER : STREAM_LIMIT });
  const loadSeconds = (performance.now() - started) / 1000;
  const split = loaded.train;
  const rows = split.streamed ?? split.images;
  const rowSize = SIDE * SIDE * 3;
  const order = epochOrder(split.count, true, 7, 1);
  const epochStart = performance.now();
  let checksum = 0;
  for (const [start, end] of batchRanges(split.count, BATCH)) checksum += gatherRows(rows, rowSize, order.subarray(start, end))[0]!;
  const epochSeconds = (performance.now() - epochStart) / 1000;
  if (!Number.isFinite(checksum)) throw new Error('bad pixels');
  return { mode, loadSeconds, epochSeconds, images: split.count, maxRssMB: process.resourceUsage().maxRSS / 1024, streamed: split.streamed !== undefined };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(`${JSON.stringify(await child(args[1] as 'held' | 'streamed', args[2]!, args[3]!))}\n`);
    return;
  }
  const at = args.indexOf('--images');
  const count = at >= 0 ? Number(args[at + 1]) : 3000;
  const dir = mkdtempSync(join(tmpdir(), 'kerasts-bench-stream-'));
  try {
    const data = join(dir, 'photos');
    const home = join(dir, 'home');
    writeImages(data, count);
    // Builds the cache once, so both modes below read the same cache file.
    await loadDirectory({ path: data, image_size: [SIDE, SIDE], color_mode: 'rgb', seed: 1 }, 'tf', { home, maxInMemoryBytes: 0 });
    const run = (mode: string): ChildResult => {
      const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, data, home], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (result.status !== 0) throw new Error(`bench-streaming ${mode} failed with status ${result.status}`);
      return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildResult;
    };
    const held = run('held');
    const streamed = run('streamed');
    const rate = (r: ChildResult) => r.images / r.epochSeconds;
    const line = (r: ChildResult) =>
      `  ${`${r.mode}${r.streamed ? ` (limit ${formatBytes(STREAM_LIMIT)})` : ''}:`.padEnd(26)}${Math.round(rate(r)).toLocaleString('en-US').padStart(8)} images/s gathered, load ${r.loadSeconds.toFixed(2)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB`;
    process.stdout.write(
      [
        `streaming: ${count} cached ${SIDE}x${SIDE} rgb images (${formatBytes(count * SIDE * SIDE * 3)} uint8, ${formatBytes(count * SIDE * SIDE * 12)} float32), one shuffled epoch of batches of ${BATCH}, each mode in its own process:`,
        line(held),
        line(streamed),
        `  streamed / in memory: ${(rate(streamed) / rate(held)).toFixed(2)}x the images/s, ${(streamed.maxRssMB / held.maxRssMB).toFixed(2)}x the peak RSS (load average ${loadavg().map((v) => v.toFixed(1)).join(', ')})`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
