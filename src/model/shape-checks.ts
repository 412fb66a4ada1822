import { UserError } from '../errors.js';
import type { DataFormat, LayerSpec } from '../spec/layers.js';

/** A layer's input or output shape with the batch axis first, null when unknown (`None`). */
export type Shape = (number | null)[];

/** Keras's way of printing a shape: `(None, 26, 26, 32)`. */
export function formatShape(shape: Shape): string {
  const parts = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

const SPATIAL_CLASSES = new Set(['Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D', 'GlobalAveragePooling2D']);

const pair = (value: number | [number, number]): [number, number] => (typeof value === 'number' ? [value, value] : value);

/** Where a layer is, for messages: `model.layers[2] (conv2d_2)`. */
export interface LayerWhere {
  index: number;
  name: string;
  file?: string;
}

function fail(where: LayerWhere & { className: string }, message: string, hint?: string): UserError {
  return new UserError(`model.layers[${where.index}] (${where.name}, ${where.className}): ${message}`, { code: 'SPEC_SHAPE', file: where.file, hint });
}

/**
 * Checks that a layer can take `input` before tfjs builds it, so the user gets the layer,
 * both shapes and a fix instead of tfjs's "Negative dimension size" or "expected ndim=4".
 */
export function checkLayerInput(layer: LayerSpec, input: Shape, dataFormat: DataFormat, where: LayerWhere): void {
  const at = { ...where, className: layer.class_name };
  const received = `Received: input shape ${formatShape(input)}.`;
  if (SPATIAL_CLASSES.has(layer.class_name) && input.length !== 4) {
    const expected = dataFormat === 'channels_first' ? '(batch, channels, rows, cols)' : '(batch, rows, cols, channels)';
    throw fail(at, `needs a 4-D input ${expected}. ${received}`,
      input.length === 2 ? 'Put it before the Flatten layer, or add a Reshape.' : undefined);
  }
  const spatial = dataFormat === 'channels_first' ? [input[2], input[3]] : [input[1], input[2]];
  if (layer.class_name === 'Conv2D' || layer.class_name === 'MaxPooling2D' || layer.class_name === 'AveragePooling2D') {
    const window = pair(layer.class_name === 'Conv2D' ? layer.config.kernel_size : layer.config.pool_size);
    const fits = spatial.every((dim, i) => dim === null || dim >= window[i]);
    if (layer.config.padding === 'valid' && !fits) {
      const what = layer.class_name === 'Conv2D' ? 'kernel_size' : 'pool_size';
      throw fail(at, `${what} ${formatShape(window)} must fit in its input's rows and cols ${formatShape(spatial)} with padding "valid". ${received}`,
        'Use padding "same", a smaller window, or fewer pooling layers before it.');
    }
  }
  // Keras 2 would apply Dense to the last axis of a 4-D input; kerasts refuses instead,
  // because in a CNN spec that is nearly always a forgotten Flatten, and it silently
  // changes the parameter count and output shape. Keras 1 refused it too.
  if (layer.class_name === 'Dense' && input.length !== 2) {
    throw fail(at, `needs a 2-D input (batch, features). ${received}`, 'Add a Flatten layer before it.');
  }
  if (layer.class_name === 'Flatten' && input.length < 3) {
    throw fail(at, `needs an input of at least 3 dimensions (batch and 2 more). ${received}`);
  }
  if (layer.class_name === 'BatchNormalization' && layer.config.axis !== undefined) {
    const axis = layer.config.axis;
    if (axis === 0 || axis >= input.length || axis < -(input.length - 1)) {
      throw fail(at, `axis must name a non-batch axis of its ${input.length}-D input. Received: axis ${axis} for input shape ${formatShape(input)}.`);
    }
  }
  if (layer.class_name === 'Reshape') checkReshape(layer.config.target_shape, input, where);
}

function checkReshape(target: number[], input: Shape, where: LayerWhere): void {
  const at = { ...where, className: 'Reshape' };
  const size = (dims: (number | null)[]) => dims.reduce<number>((product, dim) => product * (dim ?? 1), 1);
  const inputSize = size(input.slice(1));
  const unknowns = target.filter((dim) => dim === -1).length;
  const known = size(target.filter((dim) => dim !== -1));
  const ok = unknowns === 0 ? known === inputSize : unknowns === 1 && inputSize % known === 0;
  if (!ok) {
    throw fail(at, `target_shape ${formatShape(target)} must hold the ${inputSize} values of its input (at most one -1). Received: input shape ${formatShape(input)}.`);
  }
}
