// Training throughput of the classic MNIST CNNs on each available backend, on synthetic
// 28x28x1 data: `npm run bench [-- --json out.json] [--steps N]`. Table on stdout.
// Each row runs in its own process, so its peak memory is its own (worker threads included).
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initBackend, tfjsNodeProblem } from '../src/backend/select.js';
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../src/backend/wasm/register.js';
import { DEFAULT_SETTINGS } from '../src/settings/constants.js';
import { loadSpec } from '../src/spec/load.js';
import { buildSpecModel } from '../src/train/model-for-run.js';
import { createTrainStep } from '../src/train/step-factory.js';
import { compiledParts } from '../src/train/train-step.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

interface Row {
  spec: string;
  backend: string;
  /** Threads computing gradients (kerasts train --workers). */
  workers: number;
  batch: number;
  steps: number;
  imagesPerSecond: number;
  secondsPerEpoch: number;
  peakRssMiB: number;
  topKernels: Array<{ name: string; share: number }>;
  ratioToCpu?: number;
}

interface Plan {
  spec: string;
  backend: 'wasm' | 'tensorflow' | 'cpu';
  label: string;
  workers: number;
  batch: number;
  warmup: number;
  steps: number;
  /** Before the row: which of our wasm kernels to use (undefined = all). */
  kernels?: Parameters<typeof registerWasmTrainingKernels>[0];
}

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const steps = args.includes('--steps') ? Number(args[args.indexOf('--steps') + 1]) : 20;
/** Internal: run only plan number N and print its row as JSON (the parent spawns one per row). */
const onlyRow = args.includes('--row') ? Number(args[args.indexOf('--row') + 1]) : undefined;
const EPOCH = 60000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function runRow(plan: Plan): Promise<Row> {
  await initBackend(plan.backend);
  if (plan.backend === 'wasm' && plan.kernels !== undefined) {
    restoreStockWasmKernels();
    registerWasmTrainingKernels(plan.kernels);
  }
  const { spec, file } = await loadSpec(plan.spec);
  // Built and compiled as `kerasts train` does, from fixed initial weights.
  const seeded = { ...spec, fit: { ...spec.fit, seed: 1 } };
  const model = await buildSpecModel(seeded, file, { image_dim_ordering: 'tf', epsilon: DEFAULT_SETTINGS.epsilon }, [28, 28, 1]);
  // The step `kerasts train` uses: local for 1 worker, data-parallel threads for more.
  const step = await createTrainStep(compiledParts(model), { workers: plan.workers, backend: plan.backend });
  const x = tf.randomUniform([plan.batch, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([plan.batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < plan.warmup; i++) await step.run(x, y);
  const times: number[] = [];
  for (let i = 0; i < plan.steps; i++) {
    const start = performance.now();
    await step.run(x, y);
    times.push(performance.now() - start);
  }
  // One more step under the profiler. Kernels that run ops inside (ours do) include those
  // ops' time, so shares are of the step's wall time and may overlap. With worker threads
  // only this thread's kernels are seen.
  let wall = 0;
  const profile = await tf.profile(async () => {
    const start = performance.now();
    await step.run(x, y);
    wall = performance.now() - start;
  });
  step.dispose();
  const byKernel = new Map<string, number>();
  // `*__op` records are tfjs's custom-gradient wrappers around real kernels, not kernels.
  for (const k of profile.kernels.filter((kernel) => !kernel.name.endsWith('__op'))) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const topKernels = [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => ({ name, share: ms / wall }));
  tf.dispose([x, y]);
  model.dispose();
  const imagesPerSecond = plan.batch / (median(times) / 1000);
  return {
    spec: plan.spec,
    backend: plan.label,
    workers: plan.workers,
    batch: plan.batch,
    steps: plan.steps,
    imagesPerSecond,
    secondsPerEpoch: EPOCH / imagesPerSecond,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    topKernels,
  };
}

function table(rows: Row[]): string {
  const head = ['spec', 'backend', 'workers', 'batch', 'img/s', 's/epoch', 'x cpu', 'peak RSS MiB', 'top kernels (share of step)'];
  const body = rows.map((r) => [
    r.spec.replace(/^configs\//, ''),
    r.backend,
    String(r.workers),
    String(r.batch),
    r.imagesPerSecond.toFixed(1),
    r.secondsPerEpoch.toFixed(0),
    r.ratioToCpu === undefined ? '-' : `${r.ratioToCpu.toFixed(0)}x`,
    r.peakRssMiB.toFixed(0),
    r.topKernels.map((k) => `${k.name} ${(k.share * 100).toFixed(0)}%`).join(', '),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const classic = 'configs/mnist_cnn.json';
const keras2 = 'configs/mnist_cnn_keras2.json';
const cores = availableParallelism();
const plans: Plan[] = [
  { spec: classic, backend: 'wasm', label: 'wasm', workers: 1, batch: 128, warmup: 2, steps },
  { spec: classic, backend: 'wasm', label: 'wasm', workers: 2, batch: 128, warmup: 2, steps },
  {
    spec: classic,
    backend: 'wasm',
    label: 'wasm, stock kernels*',
    workers: 1,
    batch: 128,
    warmup: 1,
    steps: Math.min(steps, 3),
    kernels: ['Conv2DBackpropFilter'],
  },
  { spec: keras2, backend: 'wasm', label: 'wasm', workers: 1, batch: 128, warmup: 2, steps },
  { spec: keras2, backend: 'wasm', label: 'wasm', workers: 2, batch: 128, warmup: 2, steps },
];
if ((await tfjsNodeProblem()) === undefined) {
  // Native TensorFlow spreads each kernel over the cores itself: one worker.
  plans.push({ spec: classic, backend: 'tensorflow', label: 'tensorflow', workers: 1, batch: 128, warmup: 2, steps });
  plans.push({ spec: keras2, backend: 'tensorflow', label: 'tensorflow', workers: 1, batch: 128, warmup: 2, steps });
} else if (onlyRow === undefined) {
  process.stderr.write('bench: @tensorflow/tfjs-node not installed; no tensorflow rows\n');
}
plans.push({ spec: classic, backend: 'cpu', label: 'cpu (stock)', workers: 1, batch: 8, warmup: 1, steps: 2 });

if (onlyRow !== undefined) {
  process.stdout.write(`${JSON.stringify(await runRow(plans[onlyRow]!))}\n`);
} else {
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const rows: Row[] = [];
  for (const [index, plan] of plans.entries()) {
    process.stderr.write(`bench: ${plan.spec} on ${plan.label}, ${plan.workers} worker(s), batch ${plan.batch}...\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--row', String(index), '--steps', String(steps)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`bench row ${index} failed with status ${child.status}`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Row);
  }
  const cpu = rows.find((r) => r.backend.startsWith('cpu'));
  if (cpu !== undefined) for (const r of rows) r.ratioToCpu = r.imagesPerSecond / cpu.imagesPerSecond;

  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write('* stock wasm kernels except Conv2DBackpropFilter, which the wasm backend lacks.\n');
  process.stdout.write('Peak RSS is per row (its own process, worker threads included); kernel shares include ops run inside a kernel\n');
  process.stdout.write(`and, with several workers, are of this thread's shard only. Load average at start: ${load} (${cores} cores).\n`);
  if (jsonPath !== undefined) {
    await writeFileAtomic(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg(), rows }, null, 2)}\n`);
  }
}
// Image decoding and augmentation figures, in their own process (scripts/bench-images.ts).
if (onlyRow === undefined) spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./bench-images.ts', import.meta.url))], { stdio: 'inherit' });
