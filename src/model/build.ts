import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import type { DataFormat, LayerClass } from '../spec/layers.js';
import type { ModelSpec } from '../spec/schema.js';
import { KERAS_NAME_PREFIX, toTfjsLayer } from '../spec/to-tfjs.js';
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

/**
 * Builds a tfjs Sequential model from the layers of a spec. Under "th" the model is really
 * channels-first (`dataFormat: 'channelsFirst'`; tfjs-layers transposes internally), so
 * shapes read (None, 32, 26, 26). Needs a tfjs backend to be set (weights are created).
 */
export function buildModel(model: ModelSpec, options: BuildOptions): tf.Sequential {
  const { file } = options;
  const settingFormat: DataFormat = options.imageDimOrdering === 'th' ? 'channels_first' : 'channels_last';
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
  const plan = planLayers(model, inputShape, names, settingFormat, file);
  checkParamBudget(plan.reduce((sum, layer) => sum + layer.params, 0), { training: options.training ?? true, file });
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

/** A layer as planned from the spec alone: its data format, shapes and weight count. */
interface PlannedLayer extends InferredLayer {
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

function addLayers(sequential: tf.Sequential, model: ModelSpec, options: BuildOptions, inputShape: number[], names: string[], plan: PlannedLayer[]): void {
  const { file } = options;
  model.layers.forEach((layer, index) => {
    const tfLayer = toTfjsLayer(layer, {
      name: names[index],
      dataFormat: plan[index].dataFormat,
      inputShape: index === 0 ? inputShape : undefined,
      inputRank: plan[index].input.length,
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
