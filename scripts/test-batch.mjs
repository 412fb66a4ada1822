// Runs several test files in one process, one after another, each inside a suite named by
// its path: its top-level hooks (before, beforeEach, after, ...) attach to that suite and so
// stay its own, and a failing test is reported as `<file> > <test>`. node:test finds a
// test's parent through async context, which follows the dynamic import into the file's
// top-level code. Between files the process's environment variables and working directory are
// put back as the file found them, and the tfjs backend is set back to cpu, the one a fresh
// process gets (wasm is registered only when a file asks for it). Files that change other
// process-wide state (registered kernels and gradients, process handlers) are not run here:
// scripts/run-tests.mjs gives each of them its own process.
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

/** Runs `files` (paths relative to the repository root `root`) in order. */
export async function runFiles(root, files) {
  for (const file of files) {
    const env = { ...process.env };
    const cwd = process.cwd();
    await describe(file, () => import(pathToFileURL(`${root}/${file}`).href));
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
    Object.assign(process.env, env);
    if (process.cwd() !== cwd) process.chdir(cwd);
    // tfjs-core keeps its engine on the global object, whichever copy of tfjs a file loaded.
    const engine = globalThis._tfengine;
    if (engine?.backendName != null && engine.backendName !== 'cpu') await engine.setBackend('cpu');
  }
}
