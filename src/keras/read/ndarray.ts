/**
 * The two array moves Keras 2's weight loader makes on old kernels, on flat row-major
 * Float32Arrays (numpy's C order, as HDF5 stores them): an axis permutation (`np.transpose`)
 * and Theano's kernel flip (`conv_utils.convert_kernel`).
 */

/** Row-major strides of `shape`. */
function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) out[axis] = out[axis + 1]! * shape[axis + 1]!;
  return out;
}

/** Calls `visit(index, offset)` for every element of `shape` in row-major order. */
function forEachIndex(shape: number[], visit: (index: number[], position: number) => void): void {
  const size = shape.reduce((a, b) => a * b, 1);
  const index = new Array<number>(shape.length).fill(0);
  for (let position = 0; position < size; position++) {
    visit(index, position);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
}

/** `np.transpose(values.reshape(shape), perm)`: the result's axis i is the input's axis perm[i]. */
export function transpose(values: Float32Array, shape: number[], perm: number[]): { shape: number[]; values: Float32Array } {
  const outShape = perm.map((axis) => shape[axis]!);
  const inStrides = strides(shape);
  const out = new Float32Array(values.length);
  forEachIndex(outShape, (index, position) => {
    let source = 0;
    for (let axis = 0; axis < perm.length; axis++) source += index[axis]! * inStrides[perm[axis]!]!;
    out[position] = values[source]!;
  });
  return { shape: outShape, values: out };
}

/**
 * Theano's convolution is a true convolution, TensorFlow's a correlation: Keras converts
 * a kernel by reversing every axis but the last two (input and output channels).
 */
export function flipSpatial(values: Float32Array, shape: number[]): Float32Array {
  const inStrides = strides(shape);
  const spatial = shape.length - 2;
  const out = new Float32Array(values.length);
  forEachIndex(shape, (index, position) => {
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const i = axis < spatial ? shape[axis]! - 1 - index[axis]! : index[axis]!;
      source += i * inStrides[axis]!;
    }
    out[position] = values[source]!;
  });
  return out;
}
