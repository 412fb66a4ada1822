import tf from '../../util/tfjs.cjs';

/**
 * The parts of the wasm backend (`BackendWasm` in @tensorflow/tfjs-backend-wasm) our
 * kernels use. Typed structurally so that importing this file never loads the wasm package.
 */
export interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { id: number } | undefined };
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Arguments tfjs passes to a kernel function, narrowed to the wasm backend. */
export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs?: tf.NamedAttrMap;
}

/**
 * Runs `body` (tf ops on the current backend) on the kernel's inputs inside a tidy and hands
 * back its result as a kernel output. Ops run inside a kernel are not taped, so this only
 * composes the forward computation. Each input wrapper takes one extra reference on the
 * input's data, which its disposal gives back; the result's data gets one extra reference
 * before its wrapper is disposed, so the engine owns exactly what the kernel returns.
 */
export function composeKernel(
  backend: WasmBackendLike,
  inputs: tf.TensorInfo[],
  body: (...tensors: tf.Tensor[]) => tf.Tensor,
): tf.TensorInfo {
  const result = tf.tidy(() => {
    const wrapped = inputs.map((info) => {
      backend.incRef(info.dataId);
      return tf.engine().makeTensorFromTensorInfo(info);
    });
    return body(...wrapped);
  });
  backend.incRef(result.dataId);
  const info: tf.TensorInfo = { dataId: result.dataId, shape: result.shape.slice(), dtype: result.dtype };
  result.dispose();
  return info;
}

/** `t` with its last two axes swapped (each matrix of a batch transposed). */
export function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, axis) => axis);
  const rank = perm.length;
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return tf.transpose(t, perm);
}
