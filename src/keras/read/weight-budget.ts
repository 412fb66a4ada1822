/**
 * Counts a Keras model's weights from its config before tfjs-layers allocates any: a file
 * of a few bytes can claim a Dense of a billion units. Shapes and counts come from the layer
 * registry's own rules (the ones kerasts's specs use); where those cannot follow the model (an
 * argument the registry does not know, a shape it would not accept), counting stops and
 * tfjs-layers checks the rest as it builds.
 */
import { UserError } from '../../errors.js';
import type { AnyLayerEntry } from '../../spec/layers/entry.js';
import { acceptedConfigKeys, isLayerClass, LAYER_REGISTRY } from '../../spec/layers/registry.js';
import type { Shape } from '../../spec/layers/shape.js';
import { MAX_KERAS_WEIGHT_ELEMENTS } from '../../util/limits.js';
import type { KerasLayer } from './keras-layer.js';

/** Arguments that do not change shapes or counts, and that Keras spells in ways the spec's schemas do not take. */
const NOT_SHAPES = new Set(['name', 'input_shape', 'kernel_initializer', 'bias_initializer', 'gamma_initializer', 'beta_initializer', 'moving_mean_initializer', 'moving_variance_initializer', 'seed']);

const isDim = (d: unknown) => d === null || (Number.isSafeInteger(d) && (d as number) > 0);

/** The first layer's input shape with its batch axis, checked to be dimensions. */
function inputShape(first: KerasLayer, file: string): Shape {
  const c = first.config;
  const shape = Array.isArray(c.batch_input_shape) ? c.batch_input_shape : Array.isArray(c.input_shape) ? [null, ...c.input_shape] : [];
  if (shape.length < 2 || !shape.every(isDim)) {
    throw new UserError(`the first layer ("${c.name}") has input shape ${JSON.stringify(shape)}; each dimension must be null or a positive integer.`, { code: 'KERAS_MODEL_INVALID', file });
  }
  return shape as Shape;
}

/** One layer's output shape and weight count, or undefined where the registry's rules cannot tell; Keras's own refusals throw. */
function inferred(layer: KerasLayer, input: Shape, file: string): { output: Shape; params: number } | undefined {
  if (!isLayerClass(layer.class_name)) return layer.class_name === 'InputLayer' ? undefined : { output: input, params: 0 };
  const entry: AnyLayerEntry = LAYER_REGISTRY[layer.class_name];
  const picked = Object.fromEntries(
    [...acceptedConfigKeys(entry)].filter((key) => !NOT_SHAPES.has(key) && layer.config[key] !== undefined && layer.config[key] !== null).map((key) => [key, layer.config[key]]),
  );
  const parsed = entry.schema.safeParse(picked);
  if (!parsed.success) return undefined;
  const config = parsed.data;
  const context = { dataFormat: config.data_format === 'channels_first' ? ('channels_first' as const) : ('channels_last' as const) };
  const problem = entry.check(config, input, context);
  // Only a rule that refuses what Keras refuses may report; a stricter one (kerasts refuses a
  // Dense on a 4-D input, which Keras 2 allows) just stops the counting.
  if (problem !== undefined && entry.refusesAsKeras === true) {
    throw new UserError(`layer "${layer.config.name}" (${layer.class_name}): ${problem.message}`, { code: 'KERAS_MODEL_INVALID', file });
  }
  if (problem !== undefined) return undefined;
  return { output: entry.outputShape(config, input, context), params: entry.params(config, input, context) };
}

/**
 * Refuses a model whose weights would exceed MAX_KERAS_WEIGHT_ELEMENTS, counted layer by
 * layer as far as the rules follow it. Returns the count (a lower bound when counting stopped).
 */
export function checkKerasWeightBudget(layers: KerasLayer[], file: string): number {
  let shape = inputShape(layers[0]!, file);
  let total = 0;
  for (const layer of layers) {
    const step = inferred(layer, shape, file);
    if (step === undefined) break;
    total += step.params;
    if (!Number.isFinite(total) || total > MAX_KERAS_WEIGHT_ELEMENTS) {
      throw new UserError(
        `layer "${layer.config.name}" (${layer.class_name}) brings the model to ${total.toLocaleString('en-US')} weights; kerasts builds at most ${MAX_KERAS_WEIGHT_ELEMENTS.toLocaleString('en-US')} (MAX_KERAS_WEIGHT_ELEMENTS, 2 GiB of float32).`,
        { code: 'KERAS_MODEL_TOO_LARGE', file },
      );
    }
    shape = step.output;
  }
  return total;
}
