/**
 * Puts a Keras file's weights (already in Keras 2 layout) into the tfjs model built from its
 * config, by layer name, checking every name, count and shape first so that nothing is set
 * from a file that does not match.
 */
import tf from '../../util/tfjs.cjs';
import { UserError } from '../../errors.js';
import type { KerasWeight } from './keras-file.js';

const mismatch = (message: string, file: string, weight?: string) =>
  new UserError(message, { code: 'KERAS_WEIGHTS_MISMATCH', file, ...(weight === undefined ? {} : { location: weight }) });

const shapeText = (shape: readonly (number | null)[]) => `[${shape.join(', ')}]`;

/** The file's weights grouped by layer name, in file order; unknown layer names are refused. */
function byLayer(model: tf.LayersModel, weights: KerasWeight[], file: string): Map<string, KerasWeight[]> {
  const names = new Set(model.layers.map((layer) => layer.name));
  const groups = new Map<string, KerasWeight[]>();
  for (const weight of weights) {
    if (!names.has(weight.layer)) throw mismatch(`the weight ${weight.name} belongs to layer "${weight.layer}", which the model does not have.`, file, weight.name);
    groups.set(weight.layer, [...(groups.get(weight.layer) ?? []), weight]);
  }
  return groups;
}

/** Checks one layer's weights against the file's, returning them in the layer's order. */
function checkLayer(layer: tf.layers.Layer, given: KerasWeight[], file: string): KerasWeight[] {
  const expected = layer.weights;
  const what = `layer "${layer.name}" (${layer.getClassName()})`;
  if (given.length !== expected.length) {
    const listed = given.length === 0 ? 'none' : given.map((w) => w.name).join(', ');
    throw mismatch(`${what} has ${expected.length} weights (${expected.map((w) => shapeText(w.shape)).join(', ')}); the file gives ${given.length}: ${listed}.`, file);
  }
  given.forEach((weight, i) => {
    const shape = expected[i]!.shape;
    const size = weight.shape.reduce((a, b) => a * b, 1);
    if (weight.shape.length !== shape.length || weight.shape.some((d, k) => d !== shape[k])) {
      throw mismatch(`the weight ${weight.name} has shape ${shapeText(weight.shape)}; ${what} expects ${shapeText(shape)} there.`, file, weight.name);
    }
    if (weight.values.length !== size) throw mismatch(`the weight ${weight.name} holds ${weight.values.length} values; its shape ${shapeText(weight.shape)} needs ${size}.`, file, weight.name);
  });
  return given;
}

/** Sets every weight of `model` from `weights`; a layer with weights the file lacks, or the reverse, is refused. */
export function setKerasWeights(model: tf.LayersModel, weights: KerasWeight[], file: string): void {
  const groups = byLayer(model, weights, file);
  const checked = model.layers.map((layer) => checkLayer(layer, groups.get(layer.name) ?? [], file));
  model.layers.forEach((layer, i) => {
    if (checked[i]!.length === 0) return;
    const tensors = checked[i]!.map((w) => tf.tensor(w.values, w.shape, 'float32'));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  });
}
