import tf from '../util/tfjs.cjs';
import { UserError } from '../errors.js';
import type { ModelSpec } from '../spec/schema.js';
import { toTfjsLayer } from '../spec/to-tfjs.js';
import { planModel, type BuildOptions, type PlannedLayer } from './plan.js';

export { layerNames, planModel, type BuildOptions, type ModelPlan, type PlannedLayer } from './plan.js';

/**
 * Builds a tfjs Sequential model from the layers of a spec. Under "th" the model is really
 * channels-first (`dataFormat: 'channelsFirst'`; tfjs-layers transposes internally), so
 * shapes read (None, 32, 26, 26). Needs a tfjs backend to be set (weights are created).
 * `planModel` runs first, so a spec that cannot be built or is too large allocates nothing.
 */
export function buildModel(model: ModelSpec, options: BuildOptions): tf.Sequential {
  const { inputShape, names, layers: plan } = planModel(model, options);
  const sequential = tf.sequential({ name: 'sequential_1' });
  try {
    addLayers(sequential, model, options, inputShape, names, plan);
  } catch (error) {
    // The layers added before the bad one hold weights; a refused spec must not leak them.
    sequential.dispose();
    throw error;
  }
  return sequential;
}

function addLayers(sequential: tf.Sequential, model: ModelSpec, options: BuildOptions, inputShape: number[], names: string[], plan: PlannedLayer[]): void {
  const { file } = options;
  model.layers.forEach((layer, index) => {
    const tfLayer = toTfjsLayer(layer, {
      name: names[index],
      dataFormat: plan[index].dataFormat,
      inputShape: index === 0 ? inputShape : undefined,
      input: plan[index].input,
      seed: options.seed === undefined ? undefined : options.seed + index,
    });
    try {
      sequential.add(tfLayer);
    } catch (error) {
      // The checks above should catch shape mistakes first; this keeps any other one a user error.
      const reason = error instanceof Error ? error.message : String(error);
      throw new UserError(`model.layers[${index}] (${names[index]}) cannot take its input: ${reason}`, { code: 'SPEC_SHAPE', file });
    }
  });
}
