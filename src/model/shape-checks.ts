import { UserError } from '../errors.js';
import type { AnyLayerEntry } from '../spec/layers/entry.js';
import { LAYER_REGISTRY } from '../spec/layers/registry.js';
import type { DataFormat, LayerSpec } from '../spec/layers.js';
import type { Shape } from '../spec/layers/shape.js';

export { formatShape, type Shape } from '../spec/layers/shape.js';

/** Where a layer is, for messages: `model.layers[2] (conv2d_2)`. */
export interface LayerWhere {
  index: number;
  name: string;
  file?: string;
}

const entryOf = (layer: LayerSpec): AnyLayerEntry => LAYER_REGISTRY[layer.class_name];

/**
 * Checks that a layer can take `input` before tfjs builds it, so the user gets the layer,
 * both shapes and a fix instead of tfjs's "Negative dimension size" or "expected ndim=4".
 * The rule is the class's registry entry's `check`.
 */
export function checkLayerInput(layer: LayerSpec, input: Shape, dataFormat: DataFormat, where: LayerWhere): void {
  const problem = entryOf(layer).check(layer.config, input, { dataFormat });
  if (problem === undefined) return;
  throw new UserError(`model.layers[${where.index}] (${where.name}, ${layer.class_name}): ${problem.message}`, {
    code: 'SPEC_SHAPE',
    file: where.file,
    hint: problem.hint,
  });
}

/** A layer's shapes and weight count as the registry's rules give them, before tfjs builds anything. */
export interface InferredLayer {
  input: Shape;
  output: Shape;
  params: number;
}

/**
 * Checks a layer (as `checkLayerInput`) and returns its output shape and parameter count
 * from its registry entry's rules, without creating a tensor.
 */
export function inferLayer(layer: LayerSpec, input: Shape, dataFormat: DataFormat, where: LayerWhere): InferredLayer {
  checkLayerInput(layer, input, dataFormat, where);
  const entry = entryOf(layer);
  const context = { dataFormat };
  return { input, output: entry.outputShape(layer.config, input, context), params: entry.params(layer.config, input, context) };
}
