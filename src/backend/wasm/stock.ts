import tf from '../../util/tfjs.cjs';

/**
 * The stock wasm kernels kerasts replaced, by name, so that a wrapping kernel can hand the
 * cases it does not cover back to them and `restoreStockWasmKernels` can put them back.
 */
const replaced = new Map<string, tf.KernelConfig | undefined>();
/** Kernel names whose replacement delegates to the stock kernel, which must then exist. */
const delegating = new Set<string>();

/**
 * A kernel function that runs the stock wasm kernel `kernelName` replaced. It is looked up
 * at call time, so a kernel config can be a constant; the stock kernel must have been
 * captured after the wasm backend ran its setup, so that its wasm function is bound.
 */
export function stockKernel(kernelName: string): tf.KernelFunc {
  delegating.add(kernelName);
  return (args) => {
    const stock = replaced.get(kernelName);
    if (stock === undefined) throw new Error(`The wasm backend has no stock ${kernelName} kernel to fall back to.`);
    return stock.kernelFunc(args);
  };
}

/** Records the stock kernel (or its absence) before kerasts's `kernelName` replaces it. */
export function saveStock(kernelName: string, stock: tf.KernelConfig | undefined): void {
  if (stock === undefined && delegating.has(kernelName)) throw new Error(`The wasm backend has no ${kernelName} kernel to extend.`);
  replaced.set(kernelName, stock);
}

/** The stock kernels saved so far (emptied): what restoring must put back. */
export function takeSavedStock(): Array<[string, tf.KernelConfig | undefined]> {
  const saved = [...replaced];
  replaced.clear();
  return saved;
}
