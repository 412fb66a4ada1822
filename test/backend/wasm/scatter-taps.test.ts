import type * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WasmBackendLike } from '../../../src/backend/wasm/kernel-util.js';
import { scatterTaps, type ScatterGeometry } from '../../../src/backend/wasm/scatter-taps.js';
import { values } from '../compare.js';

/** A backend whose "heap" is one plain array per tensor: scatterTaps only reads and writes views. */
function fakeBackend(arrays: Map<object, Float32Array>): WasmBackendLike {
  return {
    dataIdMap: { get: () => undefined },
    incRef: () => {},
    makeOutput: () => { throw new Error('not used'); },
    typedArrayFromHeap: (info: tf.TensorInfo) => arrays.get(info.dataId)!,
  };
}

/** col2im written the obvious way: every (pixel, tap, channel) of cols added where it was read from. */
function reference(cols: Float32Array, g: ScatterGeometry): Float32Array {
  const out = new Float32Array(g.batchSize * g.height * g.width * g.channels);
  let m = 0;
  for (let n = 0; n < g.batchSize; n++) for (let oh = 0; oh < g.outHeight; oh++) for (let ow = 0; ow < g.outWidth; ow++, m++) {
    for (let i = 0; i < g.filterHeight; i++) for (let j = 0; j < g.filterWidth; j++) for (let c = 0; c < g.channels; c++) {
      const r = oh * g.strideHeight - g.padTop + i;
      const col = ow * g.strideWidth - g.padLeft + j;
      if (r < 0 || r >= g.height || col < 0 || col >= g.width) continue;
      out[((n * g.height + r) * g.width + col) * g.channels + c]! += cols[(m * g.filterHeight * g.filterWidth + i * g.filterWidth + j) * g.channels + c]!;
    }
  }
  return out;
}

function run(g: ScatterGeometry): { actual: Float32Array; expected: Float32Array } {
  const rows = g.batchSize * g.outHeight * g.outWidth;
  const cols = values(rows * g.filterHeight * g.filterWidth * g.channels, 21);
  // Garbage in the output first: scatterTaps must overwrite, not add to, what was there.
  const dst = new Float32Array(g.batchSize * g.height * g.width * g.channels).fill(7);
  const colsId = {};
  const outId = {};
  const backend = fakeBackend(new Map([[colsId, cols], [outId, dst]]));
  scatterTaps(backend, { dataId: colsId, shape: [rows, cols.length / rows], dtype: 'float32' }, { dataId: outId, shape: [], dtype: 'float32' }, g);
  return { actual: dst, expected: reference(cols, g) };
}

const base = { batchSize: 2, channels: 3, strideHeight: 1, strideWidth: 1, filterHeight: 3, filterWidth: 3, padTop: 0, padLeft: 0 };

test('col2im of a valid stride-1 convolution adds each tap back onto the pixel it read', () => {
  const { actual, expected } = run({ ...base, height: 5, width: 4, outHeight: 3, outWidth: 2 });
  assert.deepEqual(Array.from(actual), Array.from(expected));
});

test('taps in the padding are dropped, with same padding and stride 2', () => {
  // 7x6 input, 3x3 filter, stride 2, same: 4x3 outputs, one row and column of padding before.
  const { actual, expected } = run({ ...base, channels: 1, height: 7, width: 6, outHeight: 4, outWidth: 3, strideHeight: 2, strideWidth: 2, padTop: 1, padLeft: 0 });
  assert.deepEqual(Array.from(actual), Array.from(expected));
  assert.ok(actual.every((v) => v !== 7), 'every pixel is written');
});

test('a 2x2 filter with stride 2 touches each pixel once: col2im is a pure permutation', () => {
  const g = { ...base, batchSize: 1, channels: 2, height: 4, width: 4, outHeight: 2, outWidth: 2, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2 };
  const { actual, expected } = run(g);
  assert.deepEqual(Array.from(actual), Array.from(expected));
  const cols = values(4 * 8, 21);
  assert.deepEqual([...actual].sort(), [...cols].sort());
});
