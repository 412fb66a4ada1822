import type { DataFormat, Edges2d } from './schema-parts.js';

/** A layer's input or output shape with the batch axis first, null when unknown (`None`). */
export type Shape = (number | null)[];

/** Keras's way of printing a shape: `(None, 26, 26, 32)`. */
export function formatShape(shape: Shape): string {
  const parts = shape.map((dim) => (dim === null ? 'None' : String(dim)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** Why a layer cannot take its input; the caller adds which layer it is. */
export interface ShapeProblem {
  message: string;
  hint?: string;
}

export const pair = (value: number | [number, number]): [number, number] => (typeof value === 'number' ? [value, value] : value);

/** Edge amounts as ((top, bottom), (left, right)), as Keras normalises them. */
export function edgePairs(edges: Edges2d): [[number, number], [number, number]] {
  if (typeof edges === 'number') return [[edges, edges], [edges, edges]];
  const [rows, cols] = edges;
  return [pair(rows), pair(cols)];
}

/** Where an image's rows, cols and channels sit under a data format (batch axis included). */
export const imageAxes = (format: DataFormat) => (format === 'channels_first' ? { rows: 2, cols: 3, channels: 1 } : { rows: 1, cols: 2, channels: 3 });

/** An image shape (batch, ...) in `format`'s axis order. */
export function imageShape(format: DataFormat, rows: number | null, cols: number | null, channels: number | null): Shape {
  return format === 'channels_first' ? [null, channels, rows, cols] : [null, rows, cols, channels];
}

/** The problem of a 2-D layer given an input that is not 4-D, or undefined. */
export function requireImage(input: Shape, format: DataFormat): ShapeProblem | undefined {
  if (input.length === 4) return undefined;
  const expected = format === 'channels_first' ? '(batch, channels, rows, cols)' : '(batch, rows, cols, channels)';
  return {
    message: `needs a 4-D input ${expected}. Received: input shape ${formatShape(input)}.`,
    hint: input.length === 2 ? 'Put it before the Flatten layer, or add a Reshape.' : undefined,
  };
}

/** Output length of a sliding window along one axis (tfjs `convOutputLength`, no dilation). */
export function windowLength(size: number | null, window: number, stride: number, padding: 'valid' | 'same'): number | null {
  if (size === null) return null;
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/** Output shape of a 2-D sliding-window layer (Conv2D and its depthwise and separable kin) with `channels` outputs. */
export function windowedImageShape(
  window: number | [number, number],
  strides: number | [number, number],
  padding: 'valid' | 'same',
  channels: number | null,
  input: Shape,
  format: DataFormat,
): Shape {
  const axes = imageAxes(format);
  const [kr, kc] = pair(window);
  const [sr, sc] = pair(strides);
  return imageShape(format, windowLength(input[axes.rows], kr, sr, padding), windowLength(input[axes.cols], kc, sc, padding), channels);
}

/**
 * The problem of a window that does not fit its input under "valid" padding (what tfjs
 * reports as "Negative dimension size"), or undefined.
 */
export function windowFits(what: string, window: [number, number], padding: 'valid' | 'same', input: Shape, format: DataFormat): ShapeProblem | undefined {
  const axes = imageAxes(format);
  const spatial = [input[axes.rows], input[axes.cols]];
  const fits = spatial.every((dim, i) => dim === null || dim >= window[i]);
  if (padding !== 'valid' || fits) return undefined;
  return {
    message: `${what} ${formatShape(window)} must fit in its input's rows and cols ${formatShape(spatial)} with padding "valid". Received: input shape ${formatShape(input)}.`,
    hint: 'Use padding "same", a smaller window, or fewer pooling layers before it.',
  };
}

/** Product of the known dimensions after the batch axis (unknown ones count as 1). */
export const sampleSize = (shape: Shape): number => shape.slice(1).reduce<number>((product, dim) => product * (dim ?? 1), 1);

/** Why a convolution (Conv2D, DepthwiseConv2D, SeparableConv2D) cannot take `input`: not an image, or its kernel does not fit. */
export function kernelFits(config: { kernel_size: number | [number, number]; padding: 'valid' | 'same' }, input: Shape, format: DataFormat): ShapeProblem | undefined {
  return requireImage(input, format) ?? windowFits('kernel_size', pair(config.kernel_size), config.padding, input, format);
}
