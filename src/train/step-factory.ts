import { ParallelTrainStep } from './parallel/parallel-step.js';
import { LocalTrainStep, type CompiledParts, type TrainStep, type TrainStepOptions } from './train-step.js';

/**
 * Chooses how each batch's gradients are computed: data-parallel over worker threads on
 * the wasm and cpu backends (each tfjs backend instance runs on one thread), else here.
 * The native `tensorflow` backend already spreads every kernel over all cores, so replicas
 * would only compete with it for the same cores: it keeps the local step.
 */
export async function createTrainStep(parts: CompiledParts, options: TrainStepOptions): Promise<TrainStep> {
  const threaded = options.backend === 'wasm' || options.backend === 'cpu';
  if (options.workers > 1 && threaded && ParallelTrainStep.supports(parts.model)) {
    return ParallelTrainStep.create(parts, options);
  }
  return new LocalTrainStep(parts);
}
