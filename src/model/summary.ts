import type * as tf from '@tensorflow/tfjs';
import { formatShape, type Shape } from './shape-checks.js';

/** One row of the summary table. */
export interface LayerSummary {
  name: string;
  /** The Keras/tfjs class name, e.g. `Conv2D`. */
  className: string;
  /** Output shape with the batch axis as null (printed `None`). */
  outputShape: Shape;
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

const countWeights = (weights: tf.LayerVariable[]) =>
  weights.reduce((sum, weight) => sum + weight.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1), 0);

/**
 * Reads the summary from tfjs-layers itself (each layer's countParams and outputShape,
 * the model's trainable weights) rather than re-deriving counts from the spec.
 */
export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer): LayerSummary => {
    // A layer with several outputs reports a list of shapes; the table shows the first, as tfjs does.
    const shape = layer.outputShape;
    const first = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
    return { name: layer.name, className: layer.getClassName(), outputShape: first, params: layer.countParams() };
  });
  const trainableParams = countWeights(model.trainableWeights);
  const nonTrainableParams = countWeights(model.nonTrainableWeights);
  return { layers, totalParams: trainableParams + nonTrainableParams, trainableParams, nonTrainableParams };
}

/** `600810` → `600,810`, as Keras prints parameter totals. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Keras 2's column widths (line length 65, split at 45% and 85%). */
const KERAS_WIDTHS = [29, 26, 10];

/**
 * Renders the summary as Keras 2's `model.summary()` text. Keras truncates cells to fixed
 * columns ("max_pooling2d_1 (MaxPooling2" ); kerasts widens a column instead, so names
 * are never cut. Trailing spaces are trimmed so the text diffs cleanly.
 */
export function formatSummary(summary: ModelSummary): string {
  const rows = summary.layers.map((layer) => [`${layer.name} (${layer.className})`, formatShape(layer.outputShape), String(layer.params)]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = KERAS_WIDTHS.map((width, column) =>
    Math.max(width, ...[header, ...rows].map((cells) => cells[column].length + (column < 2 ? 1 : 0))),
  );
  const lineLength = widths.reduce((a, b) => a + b, 0);
  const row = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('').trimEnd();
  const lines = ['_'.repeat(lineLength), row(header), '='.repeat(lineLength)];
  rows.forEach((cells, i) => {
    lines.push(row(cells), (i === rows.length - 1 ? '=' : '_').repeat(lineLength));
  });
  if (rows.length === 0) lines.push('='.repeat(lineLength));
  lines.push(
    `Total params: ${thousands(summary.totalParams)}`,
    `Trainable params: ${thousands(summary.trainableParams)}`,
    `Non-trainable params: ${thousands(summary.nonTrainableParams)}`,
    '_'.repeat(lineLength),
  );
  return `${lines.join('\n')}\n`;
}
