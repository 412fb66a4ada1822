/**
 * The model as a graph to draw: one node per layer (the input layer included, as Keras's
 * plot_model shows it) and one edge per connection, read from tfjs's inbound nodes so a
 * non-sequential model gets its real graph.
 */
import type * as tf from '@tensorflow/tfjs';
import { formatShape, type Shape } from '../../model/shape-checks.js';

export interface DiagramNode {
  name: string;
  className: string;
  /** Formatted as Keras prints them: `(None, 26, 26, 32)`; a list for several tensors. */
  inputShape: string;
  outputShape: string;
  /** The layer's activation, for layers that have one (`linear` included, as in Keras). */
  activation?: string;
  params: number;
}

export interface ModelGraph {
  nodes: DiagramNode[];
  /** Indices into `nodes`: [from, to]. */
  edges: [number, number][];
}

type AnyLayer = tf.layers.Layer;

/** `(None, 10)`, or `[(None, 10), (None, 5)]` for a layer with several tensors. */
export function formatShapes(shape: Shape | Shape[]): string {
  if (!Array.isArray(shape[0])) return formatShape(shape as Shape);
  const shapes = shape as Shape[];
  return shapes.length === 1 ? formatShape(shapes[0]) : `[${shapes.map(formatShape).join(', ')}]`;
}

function inboundLayers(layer: AnyLayer): AnyLayer[] {
  return layer.inboundNodes.flatMap((node) => node.inboundLayers);
}

/**
 * Every layer reachable from the model's layers through their inputs, inputs first. A
 * Sequential model's `layers` leaves out its InputLayer; following the inbound nodes
 * brings it back.
 */
function orderedLayers(model: tf.LayersModel): AnyLayer[] {
  const seen = new Set<AnyLayer>();
  const order: AnyLayer[] = [];
  // Iterative depth-first walk: a 5000-layer chain must not overflow the stack.
  for (const root of model.layers) {
    const stack: [AnyLayer, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [layer, expanded] = stack.pop()!;
      if (expanded) {
        if (!seen.has(layer)) {
          seen.add(layer);
          order.push(layer);
        }
        continue;
      }
      if (seen.has(layer)) continue;
      stack.push([layer, true]);
      for (const parent of inboundLayers(layer).reverse()) if (!seen.has(parent)) stack.push([parent, false]);
    }
  }
  return order;
}

function describeLayer(layer: AnyLayer): DiagramNode {
  const config = layer.getConfig() as { activation?: unknown };
  const inputShapes = layer.inboundNodes[0]?.inputShapes as Shape | Shape[] | undefined;
  const outputShape = layer.outputShape as Shape | Shape[];
  return {
    name: layer.name,
    className: layer.getClassName(),
    // An InputLayer has no inbound tensor: what it takes is what it gives.
    inputShape: formatShapes(inputShapes ?? outputShape),
    outputShape: formatShapes(outputShape),
    activation: typeof config.activation === 'string' ? config.activation : undefined,
    params: layer.countParams(),
  };
}

/** The drawable graph of `model` (built or loaded; shapes as the model resolved them). */
export function modelGraph(model: tf.LayersModel): ModelGraph {
  const layers = orderedLayers(model);
  const index = new Map(layers.map((layer, i) => [layer, i]));
  const edges: [number, number][] = [];
  const seenEdges = new Set<string>();
  layers.forEach((layer, to) => {
    for (const parent of inboundLayers(layer)) {
      const from = index.get(parent)!;
      const key = `${from}>${to}`;
      if (seenEdges.has(key)) continue;
      seenEdges.add(key);
      edges.push([from, to]);
    }
  });
  return { nodes: layers.map(describeLayer), edges };
}
