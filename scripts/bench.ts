// Training throughput of the classic MNIST CNNs on each available backend, on synthetic
// 28x28x1 data: `npm run bench [-- --json out.json] [--steps N]`. Table on stdout.
// Each row runs in its own process, so its peak memory is its own (worker threads included).
import tf from '../src/util/tfjs.cjs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { initBackend, tfjsNodeProblem } from '../src/backend/select.js';
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../src/backend/wasm/register.js';
import { simdVariant } from '../src/backend/wasm/simd/module.js';
import { DEFAULT_SETTINGS } from '../src/settings/constants.js';
import { loadSpec } from '../src/spec/load.js';
import { buildSpecModel } from '../src/train/model-for-run.js';
import type { StepTimings } from '../src/train/parallel/parallel-step.js';
import { createTrainStep } from '../src/train/step-factory.js';
import { compiledParts } from '../src/train/train-step.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { findTorch, runTorchRow } from './bench-torch.js';

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
  /** images/s over the PyTorch row of the same spec and thread count. */
  ratioToTorch?: number;
  /** With several workers: the median of each part of the step (ParallelTrainStep.lastTimings). */
  timings?: StepTimings;
}

interface Plan {
  spec: string;
  backend: 'wasm' | 'tensorflow' | 'cpu' | 'pytorch';
  label: string;
  workers: number;
  batch: number;
  warmup: number;
  steps: number;
  /** Before the row: which of our wasm kernels to use (undefined = all). */
  kernels?: Parameters<typeof registerWasmTrainingKernels>[0];
  ordering?: 'tf' | 'th';
  /** (rows, cols, channels) of the synthetic images; MNIST's 28x28x1 when left out. */
  image?: [number, number, number];
  /** KERASTS_SIMD for the row's process: the plain build beside the one chosen at start-up. */
  simd?: 'plain';
}

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const steps = args.includes('--steps') ? Number(args[args.indexOf('--steps') + 1]) : 20;
/** Internal: run only plan number N and print its row as JSON (the parent spawns one per row). */
const onlyRow = args.includes('--row') ? Number(args[args.indexOf('--row') + 1]) : undefined;
/** `--only 0,1,7`: run just these rows (numbered as in the full plan), to measure a change cheaply. */
const onlyRows = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1]!.split(',').map(Number)) : undefined;
const EPOCH = 60000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function runRow(plan: Plan & { backend: 'wasm' | 'tensorflow' | 'cpu' }): Promise<Row> {
  await initBackend(plan.backend);
  if (plan.backend === 'wasm' && plan.kernels !== undefined) {
    restoreStockWasmKernels();
    registerWasmTrainingKernels(plan.kernels);
  }
  const { spec, file } = await loadSpec(plan.spec);
  // Built and compiled as `kerasts train` does, from fixed initial weights.
  const seeded = { ...spec, fit: { ...spec.fit, seed: 1 } };
  const ordering = plan.ordering ?? 'tf';
  const [rows, cols, channels] = plan.image ?? [28, 28, 1];
  const sample = ordering === 'tf' ? [rows, cols, channels] : [channels, rows, cols];
  const model = await buildSpecModel(seeded, file, { image_dim_ordering: ordering, epsilon: DEFAULT_SETTINGS.epsilon }, sample);
  // The step `kerasts train` uses: local for 1 worker, data-parallel threads for more.
  const step = await createTrainStep(compiledParts(model), { workers: plan.workers, backend: plan.backend });
  const x = tf.randomUniform([plan.batch, ...sample]);
  const y = tf.oneHot(tf.randomUniform([plan.batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < plan.warmup; i++) await step.run(x, y);
  const times: number[] = [];
  const parts: StepTimings[] = [];
  for (let i = 0; i < plan.steps; i++) {
    const start = performance.now();
    await step.run(x, y);
    times.push(performance.now() - start);
    const last = (step as { lastTimings?: StepTimings }).lastTimings;
    if (last !== undefined) parts.push(last);
  }
  const timings = parts.length === 0 ? undefined : (Object.fromEntries(Object.keys(parts[0]!).map((key) => [key, median(parts.map((p) => p[key as keyof StepTimings]))])) as unknown as StepTimings);
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
    backend: plan.backend === 'wasm' ? `${plan.label} [${simdVariant()}]` : plan.label,
    workers: plan.workers,
    batch: plan.batch,
    steps: plan.steps,
    imagesPerSecond,
    secondsPerEpoch: EPOCH / imagesPerSecond,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    topKernels,
    timings,
  };
}

function table(rows: Row[]): string {
  const head = ['spec', 'backend', 'workers', 'batch', 'img/s', 's/epoch', 'x cpu', 'x torch', 'peak RSS MiB', 'top kernels (share of step)'];
  const body = rows.map((r) => [
    r.spec.replace(/^configs\//, ''),
    r.backend,
    String(r.workers),
    String(r.batch),
    r.imagesPerSecond.toFixed(1),
    r.secondsPerEpoch.toFixed(0),
    r.ratioToCpu === undefined ? '-' : `${r.ratioToCpu.toFixed(0)}x`,
    r.ratioToTorch === undefined ? '-' : `${r.ratioToTorch.toFixed(2)}x`,
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
  { spec: classic, backend: 'wasm', label: 'wasm', workers: 2, batch: 128, warmup: 2, steps, simd: 'plain' },
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
  { spec: classic, backend: 'wasm', label: 'wasm, th ordering', workers: 2, batch: 128, warmup: 2, steps, ordering: 'th' },
  // CIFAR-sized input (32x32x3) through the shipped CIFAR-10 config; bench-torch.py has no CIFAR net, so no ratio.
  { spec: 'configs/cifar10_cnn.json', backend: 'wasm', label: 'wasm', workers: 2, batch: 32, warmup: 2, steps, image: [32, 32, 3] },
];
const torch = findTorch();
if (torch.python !== undefined) {
  for (const spec of [classic, keras2]) {
    for (const workers of [1, 2]) plans.push({ spec, backend: 'pytorch', label: `pytorch ${torch.version}`, workers, batch: 128, warmup: 2, steps });
  }
} else if (onlyRow === undefined) {
  process.stderr.write(`bench: no PyTorch row: ${torch.why}\n`);
}
if ((await tfjsNodeProblem()) === undefined) {
  // Native TensorFlow spreads each kernel over the cores itself: one worker.
  plans.push({ spec: classic, backend: 'tensorflow', label: 'tensorflow', workers: 1, batch: 128, warmup: 2, steps });
  plans.push({ spec: keras2, backend: 'tensorflow', label: 'tensorflow', workers: 1, batch: 128, warmup: 2, steps });
} else if (onlyRow === undefined) {
  process.stderr.write('bench: @tensorflow/tfjs-node not installed; no tensorflow rows\n');
}
plans.push({ spec: classic, backend: 'cpu', label: 'cpu (stock)', workers: 1, batch: 8, warmup: 1, steps: 2 });

if (onlyRow !== undefined && plans[onlyRow]!.backend === 'pytorch') {
  const plan = plans[onlyRow]!;
  const result = runTorchRow(plan, torch.python!, DEFAULT_SETTINGS.epsilon);
  const row: Row = { spec: plan.spec, backend: plan.label, workers: plan.workers, batch: plan.batch, steps: plan.steps, ...result, secondsPerEpoch: EPOCH / result.imagesPerSecond, topKernels: [] };
  process.stdout.write(`${JSON.stringify(row)}\n`);
} else if (onlyRow !== undefined) {
  process.stdout.write(`${JSON.stringify(await runRow(plans[onlyRow] as Plan & { backend: 'wasm' | 'tensorflow' | 'cpu' }))}\n`);
} else {
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  const rows: Row[] = [];
  for (const [index, plan] of plans.entries()) {
    if (onlyRows !== undefined && !onlyRows.has(index)) continue;
    process.stderr.write(`bench: ${plan.spec} on ${plan.label}, ${plan.workers} worker(s), batch ${plan.batch}...\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--row', String(index), '--steps', String(steps)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: plan.simd === undefined ? process.env : { ...process.env, KERASTS_SIMD: plan.simd },
    });
    if (child.status !== 0) throw new Error(`bench row ${index} failed with status ${child.status}`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as Row);
  }
  const cpu = rows.find((r) => r.backend.startsWith('cpu'));
  if (cpu !== undefined) for (const r of rows) r.ratioToCpu = r.imagesPerSecond / cpu.imagesPerSecond;
  for (const r of rows) {
    const anchor = rows.find((a) => a.backend.startsWith('pytorch') && a.spec === r.spec && a.workers === r.workers);
    if (anchor !== undefined && anchor !== r && !r.backend.startsWith('cpu')) r.ratioToTorch = r.imagesPerSecond / anchor.imagesPerSecond;
  }

  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write('* stock wasm kernels except Conv2DBackpropFilter, which the wasm backend lacks.\n');
  for (const r of rows.filter((row) => row.timings !== undefined)) {
    const t = r.timings!;
    const ms = (value: number) => value.toFixed(1);
    process.stdout.write(`${r.spec.replace(/^configs\//, '')} ${r.backend} x${r.workers}, median ms: main publish ${ms(t.publish)}, own shard ${ms(t.ownShard)}, wait ${ms(t.wait)}, combine+apply ${ms(t.combineAndApply)}; worker load ${ms(t.workerLoad)}, shard ${ms(t.workerShard)}, write ${ms(t.workerWrite)}\n`);
  }
  process.stdout.write('Peak RSS is per row (its own process, worker threads included); kernel shares include ops run inside a kernel\n');
  process.stdout.write(`and, with several workers, are of this thread's shard only. PyTorch rows: "workers" = torch threads; x torch = img/s over\n`);
  process.stdout.write(`the PyTorch row of the same spec and thread count. Node ${process.version}. Load average at start: ${load}, at end: ${loadavg().map((v) => v.toFixed(2)).join(', ')} (${cores} cores).\n`);
  if (jsonPath !== undefined) {
    await writeFileAtomic(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg(), rows }, null, 2)}\n`);
  }
}
// Image decoding and augmentation figures, in their own process (scripts/bench-images.ts);
// `--only` measures training rows alone.
if (onlyRow === undefined && onlyRows === undefined) spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./bench-images.ts', import.meta.url))], { stdio: 'inherit' });
// Streamed vs in-memory reading of a cached directory dataset (scripts/bench-streaming.ts).
if (onlyRow === undefined && onlyRows === undefined) spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./bench-streaming.ts', import.meta.url))], { stdio: 'inherit' });
