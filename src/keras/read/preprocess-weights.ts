/**
 * One layer's weights as read from a Keras HDF5 file, turned into Keras 2 layout the way
 * Keras 2.2's `preprocess_weights_for_loading` (keras/engine/saving.py) does it:
 * - files whose weight group records no `keras_version` are Keras 1: Convolution2D kernels of
 *   `th` ordering `(filters, stack, rows, cols)` are transposed `(2, 3, 1, 0)`, Convolution1D
 *   kernels lose their dummy axis, Deconvolution2D and Convolution3D kernels are reordered;
 * - kernels of convolution layers are flipped only where the file's `backend` is `theano`
 *   (TensorFlow and CNTK correlate, Theano convolves);
 * - a Conv2D kernel whose shape is not the layer's but is after `(3, 2, 0, 1)` is transposed so.
 * The data format is the one the model was saved with: nothing downstream needs permuting.
 * Keras 1 recurrent layers (LSTM, GRU) are not converted: kerasts cannot build them.
 */
import { UserError } from '../../errors.js';
import type { ConfigLayer } from './config-layers.js';
import type { KerasWeight } from './keras-file.js';
import { flipSpatial, transpose } from './ndarray.js';

/** What the loader knows of the file: its weight group's `keras_version` (`'1'` when absent) and `backend`. */
export interface LoaderOrigin {
  kerasVersion: string;
  backend?: string;
  file: string;
}

/** Keras 1 spellings of the convolution classes, as Keras 2's legacy interfaces rename them. */
const KERAS2_CLASS: Record<string, string> = {
  Convolution1D: 'Conv1D',
  AtrousConvolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  AtrousConvolution2D: 'Conv2D',
  Deconvolution2D: 'Conv2DTranspose',
  Convolution3D: 'Conv3D',
};

const CONV_CLASSES = new Set(['Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose']);

function dataFormat(config: Record<string, unknown>): string {
  if (typeof config.data_format === 'string') return config.data_format;
  if (config.dim_ordering === 'th') return 'channels_first';
  return 'channels_last';
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** `filters` and the kernel's spatial size from a Keras 1 or Keras 2 config. */
function kernelOf(config: Record<string, unknown>): { filters?: number; size?: number[] } {
  const filters = num(config.filters) ?? num(config.nb_filter);
  if (Array.isArray(config.kernel_size)) return { filters, size: config.kernel_size.map(Number) };
  if (typeof config.kernel_size === 'number') return { filters, size: [config.kernel_size] };
  if (num(config.filter_length) !== undefined) return { filters, size: [config.filter_length as number] };
  const rows = num(config.nb_row);
  const cols = num(config.nb_col);
  return { filters, size: rows !== undefined && cols !== undefined ? [rows, cols] : undefined };
}

type Kernel = { shape: number[]; values: Float32Array };

function sameShape(a: number[], b: (number | undefined)[]): boolean {
  return a.length === b.length && a.every((dim, i) => b[i] === undefined || dim === b[i]);
}

/** Keras 1.1 Convolution1D kernels `(filters, input_dim, length, 1)` or 1.2's `(length, 1, input_dim, filters)`, to `(length, input_dim, filters)`. */
function keras1Conv1D(kernel: Kernel, layer: ConfigLayer, origin: LoaderOrigin, name: string): Kernel {
  const { filters, size } = kernelOf(layer.config);
  const length = size?.[0];
  let current = kernel;
  if (current.shape.length !== 4) {
    throw new UserError(`the Keras 1 Convolution1D weight '${name}' of layer '${layer.name}' must be 4-D. Received: shape [${current.shape.join(', ')}].`, { code: 'KERAS_WEIGHTS_MISMATCH', file: origin.file });
  }
  if (!sameShape(current.shape, [length, 1, undefined, filters])) {
    if (!sameShape(current.shape, [filters, undefined, length, 1])) {
      throw new UserError(`the Keras 1 Convolution1D weight '${name}' of layer '${layer.name}' must have shape (${length}, 1, input_dim, ${filters}) or (${filters}, input_dim, ${length}, 1). Received: [${current.shape.join(', ')}].`, { code: 'KERAS_WEIGHTS_MISMATCH', file: origin.file });
    }
    current = transpose(current.values, current.shape, [2, 3, 1, 0]);
  }
  const [l, , input, f] = current.shape as [number, number, number, number];
  return { shape: [l, input, f], values: current.values };
}

/** The Keras 1 → 2 kernel moves, by the layer's Keras 2 class. */
function fromKeras1(kernel: Kernel, className: string, layer: ConfigLayer, origin: LoaderOrigin, name: string): Kernel {
  const format = dataFormat(layer.config);
  if (className === 'Conv1D') return keras1Conv1D(kernel, layer, origin, name);
  if (className === 'Conv2D' && format === 'channels_first') return transpose(kernel.values, kernel.shape, [2, 3, 1, 0]);
  if (className === 'Conv2DTranspose') {
    return transpose(kernel.values, kernel.shape, format === 'channels_first' ? [2, 3, 0, 1] : [0, 1, 3, 2]);
  }
  if (className === 'Conv3D' && format === 'channels_first') return transpose(kernel.values, kernel.shape, [2, 3, 4, 1, 0]);
  return kernel;
}

/** Keras's last resort for Conv2D kernels whose shape is not the layer's: `(3, 2, 0, 1)`, where that makes it fit. */
function fitConv2D(kernel: Kernel, className: string, config: Record<string, unknown>): Kernel {
  if (kernel.shape.length !== 4 || (className !== 'Conv2D' && className !== 'Conv2DTranspose')) return kernel;
  const { filters, size } = kernelOf(config);
  if (filters === undefined || size === undefined || size.length !== 2) return kernel;
  const expected = className === 'Conv2D' ? [size[0], size[1], undefined, filters] : [size[0], size[1], filters, undefined];
  if (sameShape(kernel.shape, expected)) return kernel;
  const moved = transpose(kernel.values, kernel.shape, [3, 2, 0, 1]);
  return sameShape(moved.shape, expected) ? moved : kernel;
}

/** The layer's weights in Keras 2 layout; weights of layers other than convolutions pass unchanged. */
export function preprocessWeights(layer: ConfigLayer, weights: KerasWeight[], origin: LoaderOrigin): KerasWeight[] {
  const className = KERAS2_CLASS[layer.className] ?? layer.className;
  if (!CONV_CLASSES.has(className) || weights.length === 0) return weights;
  const [first, ...rest] = weights as [KerasWeight, ...KerasWeight[]];
  let kernel: Kernel = { shape: first.shape, values: first.values };
  if (origin.kerasVersion === '1') kernel = fromKeras1(kernel, className, layer, origin, first.name);
  if (origin.backend === 'theano' && kernel.shape.length >= 3 && kernel.shape.length <= 5) {
    kernel = { shape: kernel.shape, values: flipSpatial(kernel.values, kernel.shape) };
  }
  kernel = fitConv2D(kernel, className, layer.config);
  return [{ ...first, shape: kernel.shape, values: kernel.values }, ...rest];
}
