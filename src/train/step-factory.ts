import type { ConcreteBackend } from '../backend/select.js';
import { ParallelTrainStep } from './parallel/parallel-step.js';
import { LocalTrainStep, type CompiledParts, type TrainStep } from './train-step.js';

export interface TrainStepOptions {
  /** Threads computing gradients in parallel, this one included; 1 = this thread only. */
  workers: number;
  backend: ConcreteBackend;
}

/**
 * Chooses how each batch's gradients are computed: data-parallel over worker threads on
 * the wasm and cpu backends (each tfjs backend instance runs on one thread), else here.
 * The native `tensorflow` backend already spreads every kernel over all cores, so replicas
 * would only compete with it for the same cores: it keeps the local step.
 */
export async function createTrainStep(parts: CompiledParts, options: TrainStepOptions): Promise<TrainStep> {
  const threaded = options.backend === 'wasm' || options.backend === 'cpu';
  if (options.workers > 1 && threaded && ParallelTrainStep.supports(parts.model)) {
    return ParallelTrainStep.create(parts, { workers: options.workers, backend: options.backend });
  }
  return new LocalTrainStep(parts);
}
