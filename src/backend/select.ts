import { createRequire } from 'node:module';
import tf from '../util/tfjs.cjs';
import { UserError } from '../errors.js';
import type { BackendName } from '../settings/constants.js';
import { loadNative, type Importer } from './native.js';
import type { WasmBackendLike } from './wasm/kernel-util.js';
import { registerFusedBatchNormGradient } from './fused-batch-norm-grad.js';
import { registerReluGradient } from './relu-grad.js';
import { registerWasmTrainingKernels } from './wasm/register.js';
import { simdKernels } from './wasm/simd/module.js';

/** A backend that actually computes (what `auto` resolves to). */
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

/** The backend in use and why it was chosen, for the run's metrics and `--verbose`. */
export interface BackendChoice {
  name: ConcreteBackend;
  reason: string;
}

export interface InitBackendOptions {
  /** Receives the one notice line `auto` and `tensorflow` print (the caller sends it to stderr). */
  log?: (line: string) => void;
  /** Test hook: how the native packages are imported. */
  importer?: Importer;
}

/** What to run when the native backend is wanted; pinned to the tfjs version we depend on. */
export const TFJS_NODE_INSTALL = 'npm install @tensorflow/tfjs-node@4.22.0';

const TFJS_NODE = '@tensorflow/tfjs-node';

/**
 * Imports the native backend (`@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node`;
 * optional dependencies); returns why it cannot be used, or undefined when one loaded.
 */
export async function tfjsNodeProblem(): Promise<string | undefined> {
  const result = await loadNative();
  return result.ok ? undefined : result.why;
}

/**
 * Loads the native backend and makes it current. Returns the reason it could not be used
 * instead of throwing, so `auto` can fall back; on success, which package it is.
 */
async function tryTensorflow(importer?: Importer): Promise<{ ok: true; reason: string } | { ok: false; why: string }> {
  const loaded = await loadNative(importer);
  if (!loaded.ok) return loaded;
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, why: `${loaded.package} loaded but its backend did not initialise` };
  await tf.ready();
  return { ok: true, reason: [`${loaded.package} loaded`, ...loaded.notes].join('; ') };
}

/** Loads the wasm backend, completes it with our training kernels and makes it current. */
async function useWasm(): Promise<void> {
  // In Node the package finds its .wasm files next to its own bundle (dist/), so no
  // setWasmPaths is needed; setWasmPaths would switch it to fetch(), which Node cannot do
  // for file paths.
  // require, as for tfjs itself (src/util/tfjs.cts): no export-name scan of its CommonJS bundle.
  createRequire(import.meta.url)('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not initialise.');
  await tf.ready();
  // After setBackend: our BatchMatMul/Sum wrap the stock kernels, which the backend's
  // setup has just bound to their wasm functions.
  registerWasmTrainingKernels();
  // Instantiated now, so that a runtime without WebAssembly SIMD fails here with one line.
  simdKernels(tf.backend() as unknown as WasmBackendLike);
}

/** Silences tfjs's "use tfjs-node for speed" console notice; real warnings are unaffected. */
function quietTfjsNag(): void {
  // The notice is printed only when IS_NODE and not PROD. PROD also skips debug-mode
  // checks, which we never enable in production.
  tf.env().set('PROD', true);
}

/**
 * Chooses and initialises the computation backend.
 *
 * - `tensorflow`: native libtensorflow via `@tensorflow/tfjs-node`; a UserError (exit 2)
 *   with the install command when it is not installed.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` plus the kernels kerasts adds for training.
 * - `cpu`: the pure-JavaScript reference backend (slow).
 * - `auto`: tensorflow when it loads, else wasm, with one line through `options.log`.
 */
export async function initBackend(requested: BackendName, options: InitBackendOptions = {}): Promise<BackendChoice> {
  quietTfjsNag();
  registerFusedBatchNormGradient();
  registerReluGradient();
  switch (requested) {
    case 'tensorflow': {
      const result = await tryTensorflow(options.importer);
      if (!result.ok) {
        throw new UserError(`backend "tensorflow" needs ${TFJS_NODE}. Received: ${result.why}.`, {
          code: 'BACKEND_UNAVAILABLE',
          location: 'backend',
          hint: `Install it with \`${TFJS_NODE_INSTALL}\` (needs internet to download libtensorflow; @tensorflow/tfjs-node-gpu@4.22.0 for a CUDA GPU), or use --backend wasm.`,
        });
      }
      options.log?.(`kerasts: backend tensorflow (${result.reason})`);
      return { name: 'tensorflow', reason: `requested; ${result.reason}` };
    }
    case 'auto': {
      const result = await tryTensorflow(options.importer);
      if (result.ok) {
        const choice: BackendChoice = { name: 'tensorflow', reason: result.reason };
        options.log?.(`kerasts: backend auto -> tensorflow (${choice.reason})`);
        return choice;
      }
      await useWasm();
      const choice: BackendChoice = { name: 'wasm', reason: `${result.why}; \`${TFJS_NODE_INSTALL}\` for the native backend` };
      options.log?.(`kerasts: backend auto -> wasm (${choice.reason})`);
      return choice;
    }
    case 'wasm':
      await useWasm();
      return { name: 'wasm', reason: 'requested' };
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('The cpu backend did not initialise.');
      await tf.ready();
      return { name: 'cpu', reason: 'requested' };
  }
}
