import tf from '../../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import type { WasmBackendLike } from '../../../../src/backend/wasm/kernel-util.js';
import { filterGradient, type FilterGradGeometry } from '../../../../src/backend/wasm/simd/filter-grad.js';
import { useSimdVariant } from '../../../../src/backend/wasm/simd/module.js';
import { assertClose, useWasm, values } from '../../compare.js';
import { onVariant, VARIANTS } from '../conv-cases.js';

/** dW[i, j, ci, co] = sum over (n, oh, ow) of x[n, oh*sh + i, ow*sw + j, ci] * dy[n, oh, ow, co], in float64. */
function reference(x: Float32Array, dy: Float32Array, g: FilterGradGeometry): Float32Array {
  const dw = new Float64Array(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
  for (let n = 0; n < g.batchSize; n++) for (let oh = 0; oh < g.outHeight; oh++) for (let ow = 0; ow < g.outWidth; ow++) {
    for (let i = 0; i < g.filterHeight; i++) for (let j = 0; j < g.filterWidth; j++) for (let ci = 0; ci < g.inChannels; ci++) {
      const xv = x[((n * g.height + oh * g.strideHeight + i) * g.width + ow * g.strideWidth + j) * g.inChannels + ci]!;
      for (let co = 0; co < g.outChannels; co++) {
        dw[((i * g.filterWidth + j) * g.inChannels + ci) * g.outChannels + co]! += xv * dy[((n * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + co]!;
      }
    }
  }
  return Float32Array.from(dw);
}

const cases: Array<{ name: string; g: FilterGradGeometry }> = [
  // 21 output channels: one block of 16, one of 4, one single channel.
  { name: 'stride 1, 21 out channels', g: { batchSize: 2, height: 6, width: 5, inChannels: 3, outHeight: 4, outWidth: 3, outChannels: 21, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1 } },
  // Stride 2 leaves the last row and column of the (padded) input unread.
  { name: 'stride 2, 2x3 filter, 5 out channels', g: { batchSize: 1, height: 8, width: 9, inChannels: 2, outHeight: 4, outWidth: 4, outChannels: 5, filterHeight: 2, filterWidth: 3, strideHeight: 2, strideWidth: 2 } },
  { name: 'one output pixel, 32 out channels', g: { batchSize: 3, height: 3, width: 3, inChannels: 1, outHeight: 1, outWidth: 1, outChannels: 32, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1 } },
];

for (const variant of VARIANTS) for (const { name, g } of cases) {
  test(`the SIMD filter gradient equals the sum it stands for (${variant}): ${name}`, async () => {
    await useWasm();
    onVariant(variant);
    const backend = tf.backend() as unknown as WasmBackendLike;
    const xData = values(g.batchSize * g.height * g.width * g.inChannels, 31);
    const dyData = values(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 32);
    const x = tf.tensor4d(xData, [g.batchSize, g.height, g.width, g.inChannels]);
    const dy = tf.tensor4d(dyData, [g.batchSize, g.outHeight, g.outWidth, g.outChannels]);
    const out = backend.makeOutput([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'float32');
    // makeOutput does not clear memory: the kernel must overwrite whatever is there.
    (backend.typedArrayFromHeap(out) as Float32Array).fill(Number.NaN);
    filterGradient(backend, x, dy, out, g);
    const dw = tf.engine().makeTensorFromTensorInfo(out);
    assertClose(new Float32Array(dw.dataSync()), reference(xData, dyData, g), 'dW', 1e-4, 1e-5);
    tf.dispose([x, dy, dw]);
    useSimdVariant('plain');
  });
}
