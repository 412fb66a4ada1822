/**
 * A functional Keras `Model` (Keras 2 `"Model"`, Keras 3 `"Functional"`) whose layers form a
 * chain, each taking the previous one's output, read as the list of layers of a Sequential.
 * kerasts's layers all take one input, so a chain is every model they can make without
 * branches; anything else is refused here, naming the layer where the chain breaks.
 */
import { UserError } from '../../errors.js';
import { isRecord } from './keras-layer.js';

const layerName = (layer: unknown): string | undefined => {
  if (!isRecord(layer)) return undefined;
  if (typeof layer.name === 'string') return layer.name;
  return isRecord(layer.config) && typeof layer.config.name === 'string' ? layer.config.name : undefined;
};

/** Keras 3 nodes name their inputs as `{"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}`. */
function kerasTensorNames(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) kerasTensorNames(item, out);
  } else if (isRecord(value)) {
    const history = isRecord(value.config) ? value.config.keras_history : undefined;
    if (value.class_name === '__keras_tensor__' && Array.isArray(history) && typeof history[0] === 'string') out.push(history[0]);
    else for (const item of Object.values(value)) kerasTensorNames(item, out);
  }
}

/**
 * The layer names feeding a layer, or undefined when it is called more than once (a shared
 * layer). Keras 2 writes each node as `[[name, node, tensor, kwargs], ...]`, Keras 3 as
 * `{"args": [...], "kwargs": {...}}`.
 */
function inboundNames(nodes: unknown): string[] | undefined {
  if (nodes === undefined || (Array.isArray(nodes) && nodes.length === 0)) return [];
  if (!Array.isArray(nodes) || nodes.length > 1) return undefined;
  const [node] = nodes;
  if (Array.isArray(node)) return node.map((input) => (Array.isArray(input) && typeof input[0] === 'string' ? input[0] : '?'));
  const names: string[] = [];
  kerasTensorNames(isRecord(node) ? node.args : node, names);
  return names;
}

/** `[[name, 0, 0]]` or Keras 3's single `[name, 0, 0]`: the names of a model's inputs or outputs. */
function endpointNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  if (typeof value[0] === 'string') return [value[0]];
  return value.map((item) => (Array.isArray(item) && typeof item[0] === 'string' ? item[0] : '?'));
}

function notAChain(file: string, what: string): UserError {
  return new UserError(`${what}; kerasts reads a functional Model only when its layers form a chain, each feeding the next.`, {
    code: 'KERAS_MODEL_UNSUPPORTED',
    file,
  });
}

/** The layers of a functional model's `config`, in chain order (as written), checked to be a chain. */
export function chainLayers(config: unknown, file: string): unknown[] {
  if (!isRecord(config) || !Array.isArray(config.layers) || config.layers.length === 0) {
    throw new UserError('a functional Model\'s "config" must have a non-empty "layers" list.', { code: 'KERAS_MODEL_INVALID', file });
  }
  const layers = config.layers;
  const names = layers.map(layerName);
  for (let i = 0; i < layers.length; i++) {
    const inbound = inboundNames(isRecord(layers[i]) ? (layers[i] as Record<string, unknown>).inbound_nodes : undefined);
    const expected = i === 0 ? [] : [names[i - 1]];
    if (inbound === undefined) throw notAChain(file, `layer ${i} ("${names[i]}") is called more than once (a shared layer)`);
    if (inbound.length !== expected.length || inbound.some((name, k) => name !== expected[k])) {
      const from = inbound.length === 0 ? 'no layer' : inbound.join(' and ');
      throw notAChain(file, `layer ${i} ("${names[i]}") takes its input from ${from}, not from ${expected[0] ?? 'nothing'}`);
    }
  }
  const inputs = endpointNames(config.input_layers);
  const outputs = endpointNames(config.output_layers);
  if (inputs.length > 1 || (inputs.length === 1 && inputs[0] !== names[0])) throw notAChain(file, `its inputs are ${inputs.join(', ')}`);
  if (outputs.length > 1 || (outputs.length === 1 && outputs[0] !== names.at(-1))) throw notAChain(file, `its outputs are ${outputs.join(', ')}, not its last layer`);
  return layers;
}
