// Runs several test files in one process, one after another, each inside a suite named by
// its path: its top-level hooks (before, beforeEach, after, ...) attach to that suite and so
// stay its own, and a failing test is listed under its file. node:test finds a
// test's parent through async context, which follows the dynamic import into the file's
// top-level code.
//
// Between files, what a file may change in passing is put back as the file found it: the
// environment variables, the working directory, tfjs's flags and gradients (initBackend sets
// PROD and replaces the FusedBatchNorm gradient), and the tfjs backend, which goes back to
// cpu, the one a fresh process gets (wasm is registered only when a file asks for it). Files
// that change other process-wide state on purpose (registered kernels, process handlers) are
// not run here: scripts/run-tests.mjs gives each of them its own process.
import { createRequire } from 'node:module';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

/** tfjs's global state a file may change without meaning to. */
function tfjsState(tf) {
  tf.env().get('PROD');
  return { flags: { ...tf.env().getFlags() }, gradients: new Map(globalThis._tfGlobals.get('gradRegistry')) };
}

async function restoreTfjs(tf, state) {
  const flags = tf.env().getFlags();
  for (const [name, value] of Object.entries(state.flags)) if (flags[name] !== value) tf.env().set(name, value);
  const gradients = globalThis._tfGlobals.get('gradRegistry');
  for (const [name, config] of state.gradients) if (gradients.get(name) !== config) gradients.set(name, config);
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
}

/** Runs `files` (paths relative to the repository root `root`) in order. */
export async function runFiles(root, files) {
  const run = (file) => describe(file, () => import(pathToFileURL(`${root}/${file}`).href));
  // A file alone in its process has nothing to put back (nor tfjs to load, if it uses none).
  if (files.length === 1) return run(files[0]);
  // Loaded first, so that the state saved before the first file is tfjs's own. The same
  // instance as the files' (src/util/tfjs.cts requires it; an ESM import of it shares it).
  const tf = createRequire(`${root}/package.json`)('@tensorflow/tfjs');
  for (const file of files) {
    const env = { ...process.env };
    const cwd = process.cwd();
    const tfjs = tfjsState(tf);
    await run(file);
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
    Object.assign(process.env, env);
    if (process.cwd() !== cwd) process.chdir(cwd);
    await restoreTfjs(tf, tfjs);
  }
}
