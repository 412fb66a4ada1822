/**
 * Convolution kernel layouts. tfjs-layers (like Keras with the TensorFlow backend) keeps a
 * Conv2D kernel as (rows, cols, in_channels, filters) whatever the model's data format; the
 * Theano ordering of Keras 1 stores it as (filters, in_channels, rows, cols). These pure
 * functions move between the two so that filter i is the same filter in either layout.
 */

/** A 4-D kernel as a flat row-major array and its shape. */
export interface Kernel4D {
  data: Float32Array;
  shape: readonly [number, number, number, number];
}

/** A kernel in tfjs / TensorFlow layout: shape (rows, cols, in_channels, filters). */
export type TfKernel = Kernel4D;
/** A kernel in Theano layout: shape (filters, in_channels, rows, cols). */
export type ThKernel = Kernel4D;

function checkKernel(kernel: Kernel4D, what: string): void {
  const { shape, data } = kernel;
  if (shape.length !== 4 || shape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`${what} shape must be 4 positive integers. Received: [${shape.join(', ')}].`);
  }
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (data.length !== size) {
    throw new RangeError(`${what} data must hold ${size} values for shape [${shape.join(', ')}]. Received: ${data.length}.`);
  }
}

/** Flat index of element (r, c, i, f) of a tf-layout kernel of the given shape. */
export function tfIndex(shape: TfKernel['shape'], r: number, c: number, i: number, f: number): number {
  const [, cols, inCh, filters] = shape;
  return ((r * cols + c) * inCh + i) * filters + f;
}

/** Flat index of element (f, i, r, c) of a th-layout kernel of the given shape. */
export function thIndex(shape: ThKernel['shape'], f: number, i: number, r: number, c: number): number {
  const [, inCh, rows, cols] = shape;
  return ((f * inCh + i) * rows + r) * cols + c;
}

/** Calls `visit` once per kernel element (r, c, i, f): the one loop both transposes share. */
function forEachElement(rows: number, cols: number, inCh: number, filters: number, visit: (r: number, c: number, i: number, f: number) => void): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < inCh; i++) {
        for (let f = 0; f < filters; f++) visit(r, c, i, f);
      }
    }
  }
}

/** (rows, cols, in, out) → (out, in, rows, cols). A transpose only: no spatial flip. */
export function tfToTh(kernel: TfKernel): ThKernel {
  checkKernel(kernel, 'tf kernel');
  const [rows, cols, inCh, filters] = kernel.shape;
  const shape = [filters, inCh, rows, cols] as const;
  const data = new Float32Array(kernel.data.length);
  forEachElement(rows, cols, inCh, filters, (r, c, i, f) => {
    data[thIndex(shape, f, i, r, c)] = kernel.data[tfIndex(kernel.shape, r, c, i, f)]!;
  });
  return { data, shape };
}

/** (out, in, rows, cols) → (rows, cols, in, out): the inverse of {@link tfToTh}. */
export function thToTf(kernel: ThKernel): TfKernel {
  checkKernel(kernel, 'th kernel');
  const [filters, inCh, rows, cols] = kernel.shape;
  const shape = [rows, cols, inCh, filters] as const;
  const data = new Float32Array(kernel.data.length);
  forEachElement(rows, cols, inCh, filters, (r, c, i, f) => {
    data[tfIndex(shape, r, c, i, f)] = kernel.data[thIndex(kernel.shape, f, i, r, c)]!;
  });
  return { data, shape };
}

/**
 * Rotates every filter of a tf-layout kernel by 180 degrees (rows and cols reversed).
 * Keras 1 with the Theano backend computed a true convolution, so its saved kernels are
 * flipped relative to TensorFlow's cross-correlation; Keras's `convert_kernel` does this.
 * Importing Theano-trained weights needs `flipSpatial(thToTf(k))`; weights that were merely
 * stored in th order by a TensorFlow-backed model need only `thToTf`.
 */
export function flipSpatial(kernel: TfKernel): TfKernel {
  checkKernel(kernel, 'tf kernel');
  const [rows, cols, inCh, filters] = kernel.shape;
  const data = new Float32Array(kernel.data.length);
  const block = inCh * filters;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const from = (r * cols + c) * block;
      const to = ((rows - 1 - r) * cols + (cols - 1 - c)) * block;
      data.set(kernel.data.subarray(from, from + block), to);
    }
  }
  return { data, shape: kernel.shape };
}
