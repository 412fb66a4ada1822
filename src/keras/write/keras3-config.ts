/**
 * The `config.json` of a Keras 3 `.keras` archive, as Keras 3's `serialize_keras_object`
 * writes a Sequential model and its `deserialize_keras_object` reads it back: every object is
 * `{"module", "class_name", "config", "registered_name"}`, the input is an explicit
 * `InputLayer` with `batch_shape`, and built objects carry a `build_config`.
 *
 * The layer configs are tfjs-layers' own (Keras 2 spelling, which Keras 3 kept for the layers
 * kerasts builds); what changes is the wrapping, the explicit input layer and the nested
 * initializer/regularizer/constraint objects, which Keras 3 resolves through their `module`.
 */
import type * as tf from '@tensorflow/tfjs';
import { RuntimeFailure, UserError } from '../../errors.js';

/** The Keras version a written archive claims: its format (dtype as a plain string) is Keras 3.3's, which later versions still read. */
export const KERAS3_VERSION = '3.3.3';

export interface Keras3Object {
  module: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name: null;
  build_config?: { input_shape: (number | null)[] };
}

interface Keras2Layer {
  class_name: string;
  config: Record<string, unknown>;
}

/** Config keys holding a nested Keras object, and the Keras 3 module that object lives in. */
const NESTED_MODULES: [RegExp, string][] = [
  [/_initializer$/, 'keras.initializers'],
  [/_regularizer$/, 'keras.regularizers'],
  [/_constraint$/, 'keras.constraints'],
];

/**
 * Keras 3's Glorot/He/Lecun initializers take only `seed` (Keras 2 and tfjs write them as a
 * VarianceScaling, which Keras 3 reads as it is, but a named one with VarianceScaling's keys
 * is a TypeError there).
 */
const SEED_ONLY_INITIALIZERS = new Set(['GlorotUniform', 'GlorotNormal', 'HeUniform', 'HeNormal', 'LecunUniform', 'LecunNormal']);

function nestedObject(module: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('class_name' in value)) return value;
  const { class_name: className, config } = value as Keras2Layer;
  const inner = SEED_ONLY_INITIALIZERS.has(className) ? { seed: (config as { seed?: unknown }).seed ?? null } : { ...config };
  return { module, class_name: className, config: inner, registered_name: null };
}

/** One layer's Keras 3 form; the first layer's `batch_input_shape`/`dtype` move to the InputLayer. */
function keras3Layer(layer: Keras2Layer, inputShape: (number | null)[]): Keras3Object {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(layer.config)) {
    if (key === 'batch_input_shape' || key === 'input_dtype') continue;
    const module = NESTED_MODULES.find(([pattern]) => pattern.test(key))?.[1];
    config[key] = module === undefined ? value : nestedObject(module, value);
  }
  config.dtype = 'float32';
  // tfjs flattens in stored order unless told otherwise; Keras 3's default follows the user's
  // keras.json, which may say channels_first and would permute: say channels_last outright.
  if (layer.class_name === 'Flatten' && config.data_format === undefined) config.data_format = 'channels_last';
  return { module: 'keras.layers', class_name: layer.class_name, config, registered_name: null, build_config: { input_shape: inputShape } };
}

/** A single shape, as Keras's `build_config` records it; a layer of several inputs or outputs has no place in a Sequential model. */
function singleShape(shape: unknown, layerName: string): (number | null)[] {
  if (!Array.isArray(shape) || Array.isArray(shape[0])) {
    throw new UserError(`Keras 3 archives are written for layers of one input and one output. Received: ${layerName} with several.`, { code: 'UNSUPPORTED_MODEL' });
  }
  return [...(shape as (number | null)[])];
}

/**
 * The Keras 3 `config.json` object for a Sequential tfjs model. Functional models are
 * refused (exit 2): kerasts builds Sequential models, and Keras 3's functional format needs
 * its own node serialisation.
 */
export function keras3ModelConfig(model: tf.LayersModel): Keras3Object {
  if (model.getClassName() !== 'Sequential') {
    throw new UserError(`Keras 3 archives are written for Sequential models. Received: a ${model.getClassName()} model.`, {
      code: 'UNSUPPORTED_MODEL',
      hint: 'Convert it to .h5 (Keras 2) instead, which Keras 3 also loads.',
    });
  }
  const json = model.toJSON(null, false) as unknown as { config: { name: string; layers: Keras2Layer[] } };
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (layers.length !== json.config.layers.length || layers.length === 0) {
    throw new RuntimeFailure(`tfjs serialised ${json.config.layers.length} layers of a model of ${layers.length}; cannot pair them.`);
  }
  const batchShape = singleShape(model.inputs[0]?.shape, model.name);
  const inputName = model.layers[0]?.getClassName() === 'InputLayer' ? model.layers[0].name : 'input_layer';
  const input = {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: batchShape, dtype: 'float32', sparse: false, name: inputName },
    registered_name: null,
  };
  // Each layer is built on the output of the one before it (a Sequential chain).
  const inputShapes = layers.map((_, i) => (i === 0 ? batchShape : singleShape(layers[i - 1]!.outputShape, layers[i - 1]!.name)));
  const converted = json.config.layers.map((layer, i) => keras3Layer(layer, inputShapes[i]!));
  return {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: json.config.name, trainable: true, dtype: 'float32', layers: [input, ...converted], build_input_shape: batchShape },
    registered_name: null,
    build_config: { input_shape: batchShape },
  };
}

/**
 * The name Keras 3's saving_lib gives each object of a container (here `Sequential.layers`,
 * stored under `layers/<name>`): its class name in snake case (`Conv2D` → `conv2d`, `MaxPooling2D` →
 * `max_pooling2d`), then `_1`, `_2`, ... for the second and later of the same class. Layer
 * names play no part, so two models of one architecture store their weights alike.
 */
export function keras3LayerNames(classNames: readonly string[]): string[] {
  const used = new Map<string, number>();
  return classNames.map((className) => {
    const snake = className
      .replace(/\W+/g, '')
      .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase();
    const count = used.get(snake);
    used.set(snake, count === undefined ? 0 : count + 1);
    return count === undefined ? snake : `${snake}_${count + 1}`;
  });
}
