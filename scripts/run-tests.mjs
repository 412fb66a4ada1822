#!/usr/bin/env node
// Node 20's test runner neither expands globs nor finds .ts files by itself, so this
// lists test/**/*.test.ts (or the paths given) and runs them under tsx. Long CLI runs are
// named *.slow.test.ts: left out by default, and the only ones run with --slow.
//
// Most of a small test file's time is starting node, tsx and tfjs, so files run in batches:
// one process runs a batch's files one after another (scripts/test-batch.mjs), each in a
// suite named by its path. The CLI files, and any file that changes process-wide state
// another file would see (ISOLATE below), get a process of their own (still through
// test-batch.mjs, for the same suite and reporting); a single file asked for runs as it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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

// Process-wide state that outlives a file and that scripts/test-batch.mjs does not put back
// (it restores process.env, the working directory and the tfjs backend): kernels and gradients
// registered under a name, backends, tfjs flags, process event handlers and the exit code;
// also a file that calls useSimdVariant directly (module.test.ts checks the variant a process
// starts with, which a file before it in a batch would have fixed).
const ISOLATE = /\b(registerKernel|unregisterKernel|registerGradient|registerFusedBatchNormGradient|registerWasmTrainingKernels|restoreStockWasmKernels|takeSavedStock|registerBackend|removeBackend|useSimdVariant)\(|process\.(on|once|exitCode|exit)\b|\benv\(\)\.set\(/;
const sizeOf = (file) => statSync(file).size;
// The end-to-end CLI files are the longest (most of their time is the CLI's own process):
// each runs alone and starts first, so that none is left running alone at the end.
const cli = (file) => relative(root, resolve(file)).startsWith(join('test', 'commands'));
const alone = [];
const isolated = [];
const shared = [];
for (const file of files) {
  if (cli(file)) alone.push(file);
  else (ISOLATE.test(readFileSync(file, 'utf8')) ? isolated : shared).push(file);
}
alone.sort((a, b) => sizeOf(b) - sizeOf(a));

// Node runs its test files (here: single files and batches) one at a time on 2 cores (its
// default is the cores less one); much of their time is loading on one thread or waiting for
// a child process, so two at a time use the second core. KERASTS_TEST_CONCURRENCY overrides it.
const concurrency = process.env.KERASTS_TEST_CONCURRENCY ?? '2';
const slots = Math.max(1, Number.parseInt(concurrency, 10) || 1);
// Two batches a slot: fewer start-ups, yet no batch so long that it runs alone at the end.
const batchCount = Math.min(shared.length, 2 * slots);
const batches = Array.from({ length: batchCount }, () => ({ files: [], size: 0 }));
// Biggest files first, each into the lightest batch so far, so the batches end together.
for (const file of [...shared].sort((a, b) => sizeOf(b) - sizeOf(a))) {
  const lightest = batches.reduce((a, b) => (b.size < a.size ? b : a));
  lightest.files.push(file);
  lightest.size += sizeOf(file);
}

// Node's runner sorts the paths it is given, so each process is a module in a scratch folder
// whose name keeps this order: the CLI files, the batches, then the other files of their own.
const groups = [...alone.map((file) => [file]), ...batches.map((batch) => batch.files), ...isolated.map((file) => [file])];
const planned = groups.reduce((sum, group) => sum + group.length, 0);
if (planned !== files.length) throw new Error(`run-tests: ${files.length} test files found but ${planned} planned`);
const scratch = mkdtempSync(join(tmpdir(), 'kerasts-tests-'));
const batchModule = JSON.stringify(join(root, 'scripts', 'test-batch.mjs'));
const entries = files.length === 1 ? files : groups.map((group, index) => {
  const names = group.map((file) => relative(root, resolve(file))).sort();
  const label = names.length === 1 ? names[0].replaceAll(sep, '_') : `batch-of-${names.length}`;
  const entry = join(scratch, `${String(index + 1).padStart(3, '0')}-${label}.mjs`);
  writeFileSync(entry, `import { runFiles } from ${batchModule};\nawait runFiles(${JSON.stringify(root)}, ${JSON.stringify(names)});\n`);
  return entry;
});

// KERASTS_SIMD_BOUNDS: every SIMD kernel call checks its addresses (src/backend/wasm/simd/bounds.ts).
// Node 22 validates relaxed SIMD by default; Node 20 needs the flag (and 22 refuses it), so
// that the relaxed kernels are tested on both.
const relaxedFlag = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
// Ctrl-C reaches the test processes too; this one waits for them to end, then tidies up.
process.on('SIGINT', () => {});
const result = spawnSync(process.execPath, [...relaxedFlag, '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...entries], {
  stdio: 'inherit',
  env: { ...process.env, KERASTS_SIMD_BOUNDS: '1' },
});
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
