import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { DataFormat, LayerClass } from '../spec/layers.js';
import type { ModelSpec } from '../spec/schema.js';
import { KERAS_NAME_PREFIX } from '../spec/to-tfjs.js';
import { checkParamBudget } from './param-budget.js';
import { inferLayer, type InferredLayer, type Shape } from './shape-checks.js';

export interface BuildOptions {
  /** The image_dim_ordering setting: "tf" = channels last, "th" = channels first. */
  imageDimOrdering: ImageDimOrdering;
  /** Per-sample input shape from the dataset, in the requested ordering; used when the first layer gives none. */
  inputShape?: number[];
  /** The spec file, to name in errors. */
  file?: string;
  /** Seeds the random initializers (layer i gets seed + i) so a seeded run is repeatable. */
  seed?: number;
  /** False when the model is only inspected (summary): its weights alone must fit, not its training state. Default true. */
  training?: boolean;
}

/**
 * Names for layers the spec leaves unnamed, numbered per class from 1 (`conv2d_1`,
 * `conv2d_2`, `dense_1`) as Keras does in a fresh session, so summaries are stable.
 * tfjs's own global counters would give `conv2d_Conv2D3` depending on what ran before.
 */
export function layerNames(layers: ModelSpec['layers'], file?: string): string[] {
  const given = new Set<string>();
  layers.forEach((layer, index) => {
    const name = layer.config.name;
    if (name === undefined) return;
    if (given.has(name)) {
      throw new UserError(`model.layers[${index}].config.name must be unique. Received: "${name}", used by an earlier layer.`, { code: 'SPEC_INVALID', file });
    }
    given.add(name);
  });
  const counters = new Map<LayerClass, number>();
  return layers.map((layer) => {
    if (layer.config.name !== undefined) return layer.config.name;
    const prefix = KERAS_NAME_PREFIX[layer.class_name];
    let n = counters.get(layer.class_name) ?? 0;
    do n += 1;
    while (given.has(`${prefix}_${n}`));
    counters.set(layer.class_name, n);
    return `${prefix}_${n}`;
  });
}

/** What a spec's layers will be, derived from the spec alone (no tensor is created). */
export interface ModelPlan {
  /** Per-sample input shape: the first layer's, else the dataset's. */
  inputShape: number[];
  names: string[];
  layers: PlannedLayer[];
  /** Weights of all layers, trainable and not. */
  params: number;
}

/**
 * Validates a spec's layers as `buildModel` will build them — input_shape only on the
 * first layer, unique names, every layer's input shape, the memory budget — without
 * tfjs. Cheap, so a command can call it before it loads any data.
 */
export function planModel(model: ModelSpec, options: BuildOptions): ModelPlan {
  const { file } = options;
  model.layers.forEach((layer, index) => {
    if (index > 0 && layer.config.input_shape !== undefined) {
      throw new UserError(`model.layers[${index}].config.input_shape is only allowed on the first layer. Received: ${JSON.stringify(layer.config.input_shape)}.`, {
        code: 'SPEC_INVALID',
        file,
      });
    }
  });
  const inputShape = model.layers[0].config.input_shape ?? options.inputShape;
  if (inputShape === undefined) {
    const example = options.imageDimOrdering === 'th' ? '[1, 28, 28]' : '[28, 28, 1]';
    throw new UserError('model.layers[0].config.input_shape is needed because the dataset does not fix the input shape.', {
      code: 'SPEC_INVALID',
      file,
      hint: `Give it per image_dim_ordering "${options.imageDimOrdering}", e.g. ${example}.`,
    });
  }
  const names = layerNames(model.layers, file);
  const settingFormat: DataFormat = options.imageDimOrdering === 'th' ? 'channels_first' : 'channels_last';
  const layers = planLayers(model, inputShape, names, settingFormat, file);
  const params = layers.reduce((sum, layer) => sum + layer.params, 0);
  checkParamBudget(params, { training: options.training ?? true, file });
  return { inputShape, names, layers, params };
}

/** A layer as planned from the spec alone: its data format, shapes and weight count. */
export interface PlannedLayer extends InferredLayer {
  dataFormat: DataFormat;
}

/**
 * Checks every layer's input and derives its output shape and parameter count from the
 * registry's rules, so a spec that cannot be built, or is too large, is refused before
 * tfjs allocates a single weight.
 */
function planLayers(model: ModelSpec, inputShape: number[], names: string[], settingFormat: DataFormat, file?: string): PlannedLayer[] {
  const plan: PlannedLayer[] = [];
  let input: Shape = [null, ...inputShape];
  model.layers.forEach((layer, index) => {
    const dataFormat = ('data_format' in layer.config ? layer.config.data_format : undefined) ?? settingFormat;
    const inferred = inferLayer(layer, input, dataFormat, { index, name: names[index], file });
    plan.push({ ...inferred, dataFormat });
    input = inferred.output;
  });
  return plan;
}

