/**
 * The layers of a Keras model config, whatever Keras wrote it: a Keras 1 Sequential (`config`
 * is the list), a Keras 2 or 3 Sequential or functional `Model` (`config.layers`), a bare
 * list, or the converter's `{"model_config": ...}` wrapping. The weight readers need each
 * layer's class and config to convert its weights as Keras's loader does.
 */

export interface ConfigLayer {
  /** The class as the config spells it (`Convolution2D` in Keras 1, `Conv2D` in Keras 2 and 3). */
  className: string;
  name: string;
  config: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function layerList(config: unknown): unknown[] {
  if (Array.isArray(config)) return config;
  if (!isObject(config)) return [];
  if ('model_config' in config) return layerList(config.model_config);
  const inner = config.config;
  if (Array.isArray(inner)) return inner;
  if (isObject(inner) && Array.isArray(inner.layers)) return inner.layers;
  return [];
}

/** The model's layers in config order; entries that are not `{class_name, config}` objects are left out. */
export function configLayers(config: unknown): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  for (const entry of layerList(config)) {
    if (!isObject(entry) || typeof entry.class_name !== 'string') continue;
    const layerConfig = isObject(entry.config) ? entry.config : {};
    const name = typeof layerConfig.name === 'string' ? layerConfig.name : typeof entry.name === 'string' ? entry.name : undefined;
    if (name !== undefined) layers.push({ className: entry.class_name, name, config: layerConfig });
  }
  return layers;
}

/** Whether a config is a Sequential model (Keras 3 saves weights of a Sequential without its InputLayer). */
export function isSequential(config: unknown): boolean {
  if (!isObject(config)) return Array.isArray(config);
  if ('model_config' in config) return isSequential(config.model_config);
  return config.class_name === 'Sequential';
}
