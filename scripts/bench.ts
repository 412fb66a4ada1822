// Training throughput of the classic MNIST CNNs on each available backend, on synthetic
// 28x28x1 data: `npm run bench [-- --json out.json] [--steps N]`. Table on stdout.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/select.js';
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../src/backend/wasm/register.js';
import { buildModel } from '../src/model/build.js';
import { compileModel } from '../src/model/compile.js';
import { loadSpec } from '../src/spec/load.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';

interface Row {
  spec: string;
  backend: string;
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
  batch: number;
  warmup: number;
  steps: number;
  /** Before the row: which of our wasm kernels to use (undefined = all). */
  kernels?: Parameters<typeof registerWasmTrainingKernels>[0];
}

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const steps = args.includes('--steps') ? Number(args[args.indexOf('--steps') + 1]) : 5;
const EPOCH = 60000;

async function tfjsNodeAvailable(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
    return true;
  } catch {
    return false;
  }
}

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
  // A spec may name a model file instead of listing layers; the bench specs list layers.
  if (typeof spec.model === 'string') throw new Error(`${file}: the bench needs a spec that lists its layers.`);
  const model = buildModel(spec.model, { imageDimOrdering: 'tf', inputShape: [28, 28, 1], file, seed: 1 });
  compileModel(model, spec.compile);
  const x = tf.randomUniform([plan.batch, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([plan.batch], 0, 10, 'int32') as tf.Tensor1D, 10);
  for (let i = 0; i < plan.warmup; i++) await model.trainOnBatch(x, y);
  const times: number[] = [];
  for (let i = 0; i < plan.steps; i++) {
    const start = performance.now();
    await model.trainOnBatch(x, y);
    times.push(performance.now() - start);
  }
  // One more step under the profiler. Kernels that run ops inside (ours do) include those
  // ops' time, so shares are of the step's wall time and may overlap.
  let wall = 0;
  const profile = await tf.profile(async () => {
    const start = performance.now();
    await model.trainOnBatch(x, y);
    wall = performance.now() - start;
  });
  const byKernel = new Map<string, number>();
  // `*__op` records are tfjs's custom-gradient wrappers around real kernels, not kernels.
  for (const k of profile.kernels.filter((kernel) => !kernel.name.endsWith('__op'))) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const topKernels = [...byKernel]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => ({ name, share: ms / wall }));
  tf.dispose([x, y]);
  model.dispose();
  if (plan.backend === 'wasm') {
    restoreStockWasmKernels();
    registerWasmTrainingKernels();
  }
  const imagesPerSecond = plan.batch / (median(times) / 1000);
  return {
    spec: plan.spec,
    backend: plan.label,
    batch: plan.batch,
    steps: plan.steps,
    imagesPerSecond,
    secondsPerEpoch: EPOCH / imagesPerSecond,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    topKernels,
  };
}

function table(rows: Row[]): string {
  const head = ['spec', 'backend', 'batch', 'img/s', 's/epoch', 'x cpu', 'peak RSS MiB', 'top kernels (share of step)'];
  const body = rows.map((r) => [
    r.spec.replace(/^configs\//, ''),
    r.backend,
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
const plans: Plan[] = [
  { spec: classic, backend: 'wasm', label: 'wasm', batch: 128, warmup: 2, steps },
  {
    spec: classic,
    backend: 'wasm',
    label: 'wasm, stock kernels*',
    batch: 128,
    warmup: 1,
    steps: Math.min(steps, 3),
    kernels: ['Conv2DBackpropFilter'],
  },
  { spec: keras2, backend: 'wasm', label: 'wasm', batch: 128, warmup: 2, steps },
];
if (await tfjsNodeAvailable()) {
  plans.push({ spec: classic, backend: 'tensorflow', label: 'tensorflow', batch: 128, warmup: 2, steps });
  plans.push({ spec: keras2, backend: 'tensorflow', label: 'tensorflow', batch: 128, warmup: 2, steps });
} else {
  process.stderr.write('bench: @tensorflow/tfjs-node not installed; no tensorflow rows\n');
}
plans.push({ spec: classic, backend: 'cpu', label: 'cpu (stock)', batch: 8, warmup: 1, steps: 2 });

const rows: Row[] = [];
for (const plan of plans) {
  process.stderr.write(`bench: ${plan.spec} on ${plan.label}, batch ${plan.batch}...\n`);
  rows.push(await runRow(plan));
}
const cpu = rows.find((r) => r.backend.startsWith('cpu'));
if (cpu !== undefined) for (const r of rows) r.ratioToCpu = r.imagesPerSecond / cpu.imagesPerSecond;

process.stdout.write(`${table(rows)}\n`);
process.stdout.write('* stock wasm kernels except Conv2DBackpropFilter, which the wasm backend lacks.\n');
process.stdout.write('Peak RSS is the process peak so far; kernel shares include ops run inside a kernel.\n');
if (jsonPath !== undefined) {
  await writeFileAtomic(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}
