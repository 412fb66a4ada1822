import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.js';
import type { BackendName } from '../settings/constants.js';
import type { WasmBackendLike } from './wasm/kernel-util.js';
import { registerFusedBatchNormGradient } from './fused-batch-norm-grad.js';
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
  /** Receives the one notice line `auto` prints (the caller sends it to stderr). */
  log?: (line: string) => void;
}

/** What to run when the native backend is wanted; pinned to the tfjs version we depend on. */
export const TFJS_NODE_INSTALL = 'npm install @tensorflow/tfjs-node@4.22.0';

/** Package name kept in a variable so TypeScript does not require it to be installed. */
const TFJS_NODE = '@tensorflow/tfjs-node';

/**
 * Imports `@tensorflow/tfjs-node` (an optional dependency, which registers the native
 * backend); returns why it cannot be used, or undefined when it loaded.
 */
export async function tfjsNodeProblem(): Promise<string | undefined> {
  try {
    await import(TFJS_NODE);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
      ? `${TFJS_NODE} is not installed`
      : `${TFJS_NODE} failed to load (${(error as Error).message.split('\n')[0]})`;
  }
}

/**
 * Loads `@tensorflow/tfjs-node` and makes it the backend. Returns the reason it could not
 * be used instead of throwing, so `auto` can fall back.
 */
async function tryTensorflow(): Promise<{ ok: true } | { ok: false; why: string }> {
  const why = await tfjsNodeProblem();
  if (why !== undefined) return { ok: false, why };
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, why: `${TFJS_NODE} loaded but its backend did not initialise` };
  await tf.ready();
  return { ok: true };
}

/** Loads the wasm backend, completes it with our training kernels and makes it current. */
async function useWasm(): Promise<void> {
  // In Node the package finds its .wasm files next to its own bundle (dist/), so no
  // setWasmPaths is needed; setWasmPaths would switch it to fetch(), which Node cannot do
  // for file paths.
  await import('@tensorflow/tfjs-backend-wasm');
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
  switch (requested) {
    case 'tensorflow': {
      const result = await tryTensorflow();
      if (!result.ok) {
        throw new UserError(`backend "tensorflow" needs ${TFJS_NODE}. Received: ${result.why}.`, {
          code: 'BACKEND_UNAVAILABLE',
          location: 'backend',
          hint: `Install it with \`${TFJS_NODE_INSTALL}\` (needs internet to download libtensorflow), or use --backend wasm.`,
        });
      }
      return { name: 'tensorflow', reason: 'requested' };
    }
    case 'auto': {
      const result = await tryTensorflow();
      if (result.ok) {
        const choice: BackendChoice = { name: 'tensorflow', reason: `${TFJS_NODE} loaded` };
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
