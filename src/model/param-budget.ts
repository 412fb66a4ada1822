import { totalmem } from 'node:os';
import { UserError } from '../errors.js';

/** The most a wasm32 heap can address, hence the most the wasm backend can hold. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

/** Bytes per parameter: kerasts keeps every weight as float32. */
export const BYTES_PER_PARAM = 4;

/**
 * Copies of the weights training holds at once: the weights, their gradients and two
 * optimizer slots (Adadelta's two accumulators, Adam's two moments). Activations come on top.
 */
export const TRAINING_COPIES = 4;

/** `8001760040` → `8,001,760,040`; unlike `thousands`, also right past 2^53 (products of huge dimensions). */
const grouped = (n: number): string => (Number.isFinite(n) ? BigInt(Math.round(n)).toLocaleString('en-US') : 'infinitely many');

/** The most bytes of weights (and training state) kerasts will allocate: min(half the memory, the wasm heap). */
export const modelByteLimit = (memory: number = totalmem()): number => Math.min(Math.floor(memory / 2), WASM_HEAP_BYTES);

export interface BudgetOptions {
  /** True when the model will be trained (weights × TRAINING_COPIES); false for a summary or a picture. */
  training: boolean;
  /** The spec file, to name in the error. */
  file?: string;
  /** Overrides `modelByteLimit()` (tests). */
  limit?: number;
}

/**
 * Refuses, before anything is allocated, a model whose weights (and training state, when
 * training) would exceed the limit: building it would take the machine's memory first and
 * fail later, or fail inside the wasm heap with an opaque "out of memory".
 */
export function checkParamBudget(params: number, options: BudgetOptions): void {
  const limit = options.limit ?? modelByteLimit();
  const copies = options.training ? TRAINING_COPIES : 1;
  const bytes = params * BYTES_PER_PARAM * copies;
  if (bytes <= limit) return;
  const what = options.training
    ? `${grouped(bytes)} bytes to train (${grouped(params)} float32 parameters × ${BYTES_PER_PARAM} bytes × ${copies} for weights, gradients and two optimizer slots)`
    : `${grouped(bytes)} bytes for its weights (${grouped(params)} float32 parameters × ${BYTES_PER_PARAM} bytes)`;
  throw new UserError(`the model needs ${what}; the limit is ${grouped(limit)} bytes (the smaller of half this machine's memory and the 4 GiB wasm heap).`, {
    code: 'SPEC_TOO_LARGE',
    file: options.file,
    hint: 'Use fewer filters or units, or pool more before the first Dense layer.',
  });
}
