/**
 * One layer of a Keras 1, 2 or 3 model file, translated into the Keras 2 `{class_name, config}`
 * that tfjs-layers deserializes. Class names and arguments that kerasts's own spec also
 * accepts (`Convolution2D`, `nb_filter`, `dim_ordering`, ...) go through the spec's
 * translation (`spec/keras1.ts`); this file adds what only saved models carry
 * (`W_regularizer`, `input_dtype`, Keras 3 dtype policies, `batch_shape`).
 */
import { UserError } from '../../errors.js';
import { translateLayer } from '../../spec/keras1.js';
import { KERAS1_CLASS_NAMES, LAYER_CLASSES, keras2ClassName, type LayerClass } from '../../spec/layers/registry.js';
import { KERAS_NAME_PREFIX } from '../../spec/to-tfjs.js';

/**
 * Parameter-free activation layers that saved models use (the Keras 1 mnist_mlp has a
 * LeakyReLU) and tfjs-layers builds as they are, though a spec cannot name them yet.
 */
const FILE_ONLY_CLASSES = ['LeakyReLU', 'ELU'] as const;
type FileOnlyClass = (typeof FILE_ONLY_CLASSES)[number];

/** The classes a Keras file may use: kerasts's layer registry, the activations above, and the input placeholder. */
export type KerasLayerClass = LayerClass | FileOnlyClass | 'InputLayer';

const fileOnlyClass = (name: string): FileOnlyClass | undefined => FILE_ONLY_CLASSES.find((c) => c === name);

export interface KerasLayer {
  class_name: KerasLayerClass;
  config: Record<string, unknown> & { name: string };
}

/** Keras 1 arguments found only in saved models (the spec's translation knows the rest). */
const KERAS1_RENAMES: Readonly<Record<string, string>> = {
  W_regularizer: 'kernel_regularizer',
  b_regularizer: 'bias_regularizer',
  W_constraint: 'kernel_constraint',
  b_constraint: 'bias_constraint',
  input_dtype: 'dtype',
  beta_init: 'beta_initializer',
  gamma_init: 'gamma_initializer',
};

/** Keras 1 regularizer and constraint objects (`{"name": "MaxNorm", "m": 2}`) in Keras 2 form. */
const KERAS1_OBJECTS: Readonly<Record<string, (o: Record<string, unknown>) => { class_name: string; config: Record<string, unknown> }>> = {
  WeightRegularizer: (o) => ({ class_name: 'L1L2', config: { l1: o.l1 ?? 0, l2: o.l2 ?? 0 } }),
  ActivityRegularizer: (o) => ({ class_name: 'L1L2', config: { l1: o.l1 ?? 0, l2: o.l2 ?? 0 } }),
  MaxNorm: (o) => ({ class_name: 'MaxNorm', config: { max_value: o.m ?? 2, axis: o.axis ?? 0 } }),
  NonNeg: () => ({ class_name: 'NonNeg', config: {} }),
  UnitNorm: (o) => ({ class_name: 'UnitNorm', config: { axis: o.axis ?? 0 } }),
};

/** Keras 1 initializer names that Keras 2 spells differently. */
const KERAS1_INITIALIZERS: Readonly<Record<string, string>> = { one: 'ones', zero: 'zeros' };
const INITIALIZER_KEYS = ['kernel_initializer', 'bias_initializer', 'gamma_initializer', 'beta_initializer', 'moving_mean_initializer', 'moving_variance_initializer'];

const OBJECT_KEYS = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'gamma_regularizer', 'beta_regularizer', 'kernel_constraint', 'bias_constraint', 'gamma_constraint', 'beta_constraint'];

/**
 * Arguments tfjs-layers does not implement and would ignore, building a different model:
 * each is accepted only at its default (undefined counts as the default).
 */
const DEFAULT_ONLY: ReadonlyArray<readonly [string, unknown]> = [
  ['groups', 1],
  ['output_padding', null],
  ['renorm', false],
  ['virtual_batch_size', null],
  ['lora_rank', null],
];

function checkDefaults(config: Record<string, unknown>, at: string, name: string, file: string): void {
  for (const [key, value] of DEFAULT_ONLY) {
    if (config[key] === undefined || config[key] === value) continue;
    throw new UserError(`${at} ("${name}") sets ${key} to ${JSON.stringify(config[key])}, which kerasts cannot build (only ${JSON.stringify(value)}).`, {
      code: 'KERAS_LAYER_UNSUPPORTED',
      file,
    });
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "Conv2D (Keras 1: Convolution2D), MaxPooling2D, ..., InputLayer": for error messages. */
export function supportedLayerList(): string {
  const keras1 = new Map<string, string[]>();
  for (const [old, now] of Object.entries(KERAS1_CLASS_NAMES)) keras1.set(now, [...(keras1.get(now) ?? []), old]);
  const names = LAYER_CLASSES.map((c) => (keras1.has(c) ? `${c} (Keras 1: ${keras1.get(c)!.join(', ')})` : c));
  return [...names, ...FILE_ONLY_CLASSES, 'InputLayer'].join(', ');
}

function unsupported(at: string, name: string, className: string, file: string, customFrom?: string): UserError {
  const lambda = className === 'Lambda' ? ' (a Lambda holds Python code, which kerasts never runs)' : '';
  const what = customFrom === undefined ? `a ${className} layer${lambda}` : `a custom ${className} layer (from ${customFrom})`;
  return new UserError(`${at} ("${name}") is ${what}, which kerasts cannot build. Supported layers: ${supportedLayerList()}.`, {
    code: 'KERAS_LAYER_UNSUPPORTED',
    file,
  });
}

function kerasObject(value: unknown, key: string, at: string, file: string): unknown {
  if (!isRecord(value) || 'class_name' in value) return value ?? null;
  const name = typeof value.name === 'string' ? value.name : undefined;
  const convert = name !== undefined && Object.hasOwn(KERAS1_OBJECTS, name) ? KERAS1_OBJECTS[name] : undefined;
  if (convert === undefined) {
    throw new UserError(`${at}.${key} is ${JSON.stringify(name ?? value)}, which kerasts cannot read. Supported: null, ${Object.keys(KERAS1_OBJECTS).join(', ')}, or Keras 2's {"class_name", "config"}.`, {
      code: 'KERAS_LAYER_UNSUPPORTED',
      file,
    });
  }
  return convert(value);
}

/** Keras 3 writes `dtype` as a DTypePolicy object; tfjs-layers takes the plain name, and float32 only. */
function dtypeName(value: unknown, at: string, file: string): unknown {
  const name = isRecord(value) && isRecord(value.config) ? value.config.name : value;
  if (name === undefined || name === null || name === 'float32') return name ?? undefined;
  throw new UserError(`${at}.dtype is ${JSON.stringify(name)}; kerasts computes in float32 only.`, { code: 'KERAS_LAYER_UNSUPPORTED', file });
}

const autoPrefix = (known: KerasLayerClass): string =>
  known === 'InputLayer' ? 'input' : known === 'LeakyReLU' ? 'leaky_re_lu' : known === 'ELU' ? 'elu' : KERAS_NAME_PREFIX[known];

/** Keras 2 `{class_name, config}` of one layer; `at` names it in messages ("layer 3"). */
export function translateKerasLayer(raw: unknown, index: number, file: string): KerasLayer {
  const at = `layer ${index}`;
  if (!isRecord(raw) || typeof raw.class_name !== 'string') {
    throw new UserError(`${at} must be an object with a "class_name" string. Received: ${JSON.stringify(raw)?.slice(0, 80)}.`, { code: 'KERAS_MODEL_INVALID', file });
  }
  if (raw.config !== undefined && !isRecord(raw.config)) {
    throw new UserError(`${at} (a ${raw.class_name}) must have a "config" object. Received: ${JSON.stringify(raw.config)?.slice(0, 60)}.`, { code: 'KERAS_MODEL_INVALID', file });
  }
  const rawConfig = raw.config ?? {};
  const className = raw.class_name;
  const given = typeof rawConfig.name === 'string' ? rawConfig.name : typeof raw.name === 'string' ? raw.name : undefined;
  const known: KerasLayerClass | undefined = className === 'InputLayer' ? 'InputLayer' : (keras2ClassName(className) ?? fileOnlyClass(className));
  // Keras 3 names a custom class's package in `registered_name` ("my_pkg>Dense") and `module`.
  const registered = typeof raw.registered_name === 'string' && raw.registered_name !== className ? raw.registered_name : undefined;
  const foreign = typeof raw.module === 'string' && !/^(keras|tf_keras|tensorflow)(\.|$)/.test(raw.module) ? raw.module : undefined;
  const customFrom = registered ?? foreign;
  if (known === undefined || customFrom !== undefined) throw unsupported(at, given ?? '(unnamed)', className, file, customFrom);
  const name = given ?? `${autoPrefix(known)}_${index + 1}`;
  const translated = translateLayer({ class_name: className, config: { ...rawConfig, name } }, ['layers', index], file).layer as { config: Record<string, unknown> };
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(translated.config)) config[Object.hasOwn(KERAS1_RENAMES, key) ? KERAS1_RENAMES[key]! : key] = value;
  if (className === 'BatchNormalization' && config.mode !== undefined) {
    // Keras 1's mode 0 is Keras 2's only behaviour; modes 1 and 2 normalised per sample or per batch.
    if (config.mode !== 0) throw new UserError(`${at} ("${name}") is a Keras 1 BatchNormalization with mode ${JSON.stringify(config.mode)}; only mode 0 exists in Keras 2.`, { code: 'KERAS_LAYER_UNSUPPORTED', file });
    delete config.mode;
  }
  checkDefaults(config, at, name, file);
  for (const key of INITIALIZER_KEYS) {
    const value = config[key];
    if (typeof value === 'string' && Object.hasOwn(KERAS1_INITIALIZERS, value)) config[key] = KERAS1_INITIALIZERS[value];
  }
  for (const key of OBJECT_KEYS) if (key in config) config[key] = kerasObject(config[key], key, at, file);
  if ('dtype' in config) config.dtype = dtypeName(config.dtype, at, file);
  if (config.dtype === undefined) delete config.dtype;
  if (known === 'LeakyReLU' && 'negative_slope' in config) {
    // Keras 3 renamed LeakyReLU's `alpha`.
    config.alpha = config.negative_slope;
    delete config.negative_slope;
  }
  if (known === 'InputLayer' && 'batch_shape' in config) {
    // Keras 3's InputLayer spells the shape `batch_shape`.
    config.batch_input_shape = config.batch_shape;
    delete config.batch_shape;
  }
  return { class_name: known, config: config as KerasLayer['config'] };
}
