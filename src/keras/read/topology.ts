/**
 * A Keras model config of any version, as a file holds it, turned into the layers of one
 * Keras 2 Sequential that tfjs-layers deserializes: Keras 1 and 2 Sequentials (a list, or
 * `{name, layers}`), and functional Models (Keras 1/2 "Model", Keras 3 "Functional") that
 * are a chain. A leading InputLayer is folded into the first real layer's
 * `batch_input_shape`, as a Keras 2 Sequential writes it.
 */
import { UserError } from '../../errors.js';
import { MAX_KERAS_LAYERS } from '../../util/limits.js';
import { chainLayers } from './functional-chain.js';
import { isRecord, translateKerasLayer, type KerasLayer } from './keras-layer.js';

export interface KerasTopology {
  /** The model's name in the file, when it gives one. */
  name?: string;
  layers: KerasLayer[];
}

const invalid = (message: string, file: string) => new UserError(message, { code: 'KERAS_MODEL_INVALID', file });

/** Input-shape arguments that only the first layer of a Sequential uses. */
const INPUT_KEYS = ['batch_input_shape', 'input_shape', 'batch_size'];

/** The raw layer list and model name of a config, unwrapping `{"model_config": ...}`. */
function rawLayers(config: unknown, file: string): { name?: string; layers: unknown[]; buildShape?: unknown } {
  if (Array.isArray(config)) return { layers: config };
  if (!isRecord(config)) throw invalid(`the model config must be an object with "class_name" and "config", or a list of layers. Received: ${JSON.stringify(config)?.slice(0, 60)}.`, file);
  if (isRecord(config.model_config)) return rawLayers(config.model_config, file);
  const inner = config.config;
  const name = isRecord(inner) && typeof inner.name === 'string' ? inner.name : undefined;
  if (config.class_name === 'Sequential') {
    if (Array.isArray(inner)) return { layers: inner };
    // Keras 3 may give the input only as the Sequential's build_input_shape.
    if (isRecord(inner) && Array.isArray(inner.layers)) return { name, layers: inner.layers, buildShape: inner.build_input_shape };
    throw invalid('a Sequential\'s "config" must be a list of layers or an object with a "layers" list.', file);
  }
  if (config.class_name === 'Model' || config.class_name === 'Functional') {
    if (isRecord(inner) && Array.isArray(inner.layers) && inner.layers.length > MAX_KERAS_LAYERS) return { layers: inner.layers };
    return { name, layers: chainLayers(inner, file) };
  }
  throw new UserError(`the model is a ${JSON.stringify(config.class_name)}; kerasts reads a Keras Sequential, or a functional Model ("Model", "Functional") whose layers form a chain.`, {
    code: 'KERAS_MODEL_UNSUPPORTED',
    file,
  });
}

/** Moves a leading InputLayer's shape and dtype onto the layer after it. */
function foldInputLayer(layers: KerasLayer[], file: string): KerasLayer[] {
  const at = layers.findIndex((layer, i) => i > 0 && layer.class_name === 'InputLayer');
  if (at > 0) throw invalid(`layer ${at} ("${layers[at]!.config.name}") is an InputLayer after other layers; a model has one input, first.`, file);
  if (layers[0]?.class_name !== 'InputLayer') return layers;
  const [input, first, ...rest] = layers;
  if (first === undefined) throw invalid('the model has only an InputLayer, no layers.', file);
  const shape = input!.config.batch_input_shape;
  const config: KerasLayer['config'] = { ...first.config, batch_input_shape: shape };
  delete config.input_shape;
  if (input!.config.dtype !== undefined) config.dtype = input!.config.dtype;
  return [{ ...first, config }, ...rest];
}

/** The Keras 2 Sequential layers of a Keras 1, 2 or 3 model config; `file` names it in messages. */
export function kerasTopology(config: unknown, file: string): KerasTopology {
  const { name, layers: raw, buildShape } = rawLayers(config, file);
  if (raw.length === 0) throw invalid('the model has no layers.', file);
  if (raw.length > MAX_KERAS_LAYERS) {
    throw new UserError(`the model has ${raw.length} layers; kerasts reads at most ${MAX_KERAS_LAYERS} (MAX_KERAS_LAYERS).`, { code: 'KERAS_MODEL_TOO_LARGE', file });
  }
  const layers = foldInputLayer(raw.map((layer, i) => translateKerasLayer(layer, i, file)), file);
  const first = layers[0]!.config;
  if (!Array.isArray(first.batch_input_shape) && !Array.isArray(first.input_shape) && Array.isArray(buildShape)) first.batch_input_shape = buildShape;
  if (!Array.isArray(first.batch_input_shape) && !Array.isArray(first.input_shape)) {
    throw invalid(`the first layer ("${first.name}") gives no input shape (batch_input_shape or input_shape); kerasts cannot build a model of unknown input.`, file);
  }
  const seen = new Set<string>();
  for (const [i, layer] of layers.entries()) {
    if (seen.has(layer.config.name)) throw invalid(`two layers are named "${layer.config.name}"; Keras layer names are unique.`, file);
    seen.add(layer.config.name);
    if (i > 0) for (const key of INPUT_KEYS) delete layer.config[key];
  }
  return { ...(name === undefined ? {} : { name }), layers };
}
