import type { ConcreteBackend } from '../backend/select.js';
import { LocalTrainStep, type CompiledParts, type TrainStep } from './train-step.js';

export interface TrainStepOptions {
  /** Worker threads computing gradients in parallel; 1 = this thread only. */
  workers: number;
  backend: ConcreteBackend;
}

/** Chooses how each batch's gradients are computed. */
export async function createTrainStep(parts: CompiledParts, options: TrainStepOptions): Promise<TrainStep> {
  void options;
  return new LocalTrainStep(parts);
}
