import tf from '../util/tfjs.cjs';
import { modelFromSpec } from '../model/from-spec.js';
import { compileModel } from '../model/compile.js';
import { formatSummary, summarizeModel } from '../model/summary.js';
import type { Settings } from '../settings/schema.js';
import type { ExperimentSpec } from '../spec/schema.js';
import { convLayers, readKernel } from '../viz/conv-layers.js';
import { drawFilterGrid } from '../viz/filter-grid.js';
import { writePngAtomic } from '../viz/png.js';

/**
 * The compiled model a spec describes: built from its layers (input shape from the data
 * when the spec omits it), or loaded from the model.json it names, then compiled.
 */
export async function buildSpecModel(
  spec: ExperimentSpec,
  file: string,
  settings: Pick<Settings, 'image_dim_ordering' | 'epsilon'>,
  inputShape: number[],
): Promise<tf.LayersModel> {
  const model = await modelFromSpec(spec, file, { imageDimOrdering: settings.image_dim_ordering, inputShape });
  compileModel(model, spec.compile, settings.epsilon);
  return model;
}

/** The Keras-style summary text written to summary.txt. */
export function describeModel(model: tf.LayersModel): string {
  return formatSummary(summarizeModel(model));
}

/** Draws the first convolution layer's filters to `path`; models without one get no image. */
export async function writeFilterGrid(model: tf.LayersModel, path: string): Promise<boolean> {
  const [first] = convLayers(model);
  if (!first) return false;
  await writePngAtomic(path, drawFilterGrid(readKernel(first)));
  return true;
}
