// The PyTorch anchor rows of `npm run bench`: finds a python3 that imports torch, and runs
// scripts/bench-torch.py for one row.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A python3 with torch (KERASTS_PYTHON, then python3 on PATH, then Debian's), or why there is none. */
export function findTorch(): { python?: string; version?: string; why?: string } {
  const candidates = [process.env.KERASTS_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return { why: `no python3 imports torch (tried ${candidates.join(', ')}); install it with apt-get install python3-torch libopenblas0-openmp` };
}

/** One PyTorch row: the bench's network for `spec` with `threads` torch threads. */
export function runTorchRow(plan: { spec: string; workers: number; batch: number; warmup: number; steps: number }, python: string, epsilon: number) {
  const conv2 = plan.spec.includes('keras2') ? 64 : 32;
  const script = fileURLToPath(new URL('./bench-torch.py', import.meta.url));
  const child = spawnSync(python, [script, String(conv2), String(plan.workers), String(plan.batch), String(plan.warmup), String(plan.steps), String(epsilon)], {
    encoding: 'utf8',
    // One OpenMP pool of exactly `threads`: without this OpenBLAS may start its own.
    env: { ...process.env, OMP_NUM_THREADS: String(plan.workers) },
  });
  if (child.status !== 0) throw new Error(`PyTorch row failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { imagesPerSecond: number; peakRssMiB: number; torch: string };
  return { imagesPerSecond: result.imagesPerSecond, peakRssMiB: result.peakRssMiB };
}
