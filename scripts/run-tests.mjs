#!/usr/bin/env node
// Node 20's test runner neither expands globs nor finds .ts files by itself, so this
// lists test/**/*.test.ts (or the paths given) and runs them under tsx. Long CLI runs are
// named *.slow.test.ts: left out by default, and the only ones run with --slow.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const wanted = (name) => name.endsWith('.test.ts') && name.endsWith('.slow.test.ts') === slow;

function findTests(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      if (statSync(child).isDirectory()) return name === 'fixtures' ? [] : findTests(child);
      return wanted(name) ? [child] : [];
    });
}

const roots = args.filter((arg) => arg !== '--slow');
const files = (roots.length > 0 ? roots : ['test']).flatMap(findTests);
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
// KERASTS_SIMD_BOUNDS: every SIMD kernel call checks its addresses (src/backend/wasm/simd/bounds.ts).
// Node 22 validates relaxed SIMD by default; Node 20 needs the flag (and 22 refuses it), so
// that the relaxed kernels are tested on both.
const relaxedFlag = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
// Node runs test files one at a time on 2 cores (its default is the cores less one); most of
// a file's time is loading tsx and tfjs on one thread or waiting for a child process, so
// two at a time use the second core. KERASTS_TEST_CONCURRENCY overrides it.
const concurrency = process.env.KERASTS_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, [...relaxedFlag, '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, KERASTS_SIMD_BOUNDS: '1' },
});
process.exit(result.status ?? 1);
