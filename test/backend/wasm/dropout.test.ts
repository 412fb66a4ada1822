import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DROPOUT_KERNEL, type DropoutAttrs } from '../../../src/backend/kernel-names.js';
import { fillDropoutMask, stepWord } from '../../../src/spec/layers/dropout.js';
import { useWasm, values } from '../compare.js';
import { onVariant, VARIANTS } from './conv-cases.js';

const run = (x: tf.Tensor, attrs: DropoutAttrs): tf.Tensor => tf.engine().runKernel(DROPOUT_KERNEL, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

/** [shape, first row]: rows of 0 to 7 elements (below, at and past one vector), a long row, a shard past row 0, rank 1 and 2. */
const CASES: Array<[number[], number]> = [
  [[3, 1], 0], [[2, 3], 0], [[2, 4], 0], [[3, 5], 0], [[2, 7], 0], [[4, 2, 2, 3], 0], [[2, 4099], 0],
  [[3, 3, 5], 17], [[9], 4], [[0, 5], 0], [[3, 0], 0],
];

for (const variant of VARIANTS) {
  test(`the dropout kernel (${variant}) is x * fillDropoutMask bit for bit, for rates whose threshold is and is not an integer`, async () => {
    await useWasm();
    onVariant(variant);
    for (const [shape, row] of CASES) {
      for (const rate of [0.25, 0.3, 0.5, 0.9]) {
        const size = tf.util.sizeFromShape(shape);
        const rows = shape[0]!;
        const rowSize = tf.util.sizeFromShape(shape.slice(1));
        const xData = values(size, 51);
        if (size > 2) [xData[0], xData[1]] = [Number.NaN, -0];
        const layer = 0xdeadbeef;
        const step = stepWord(3, 11);
        const mask = new Float32Array(size);
        fillDropoutMask(mask, rows, rowSize, layer, { step, row }, rate);
        const expected = Float32Array.from(xData, (v, i) => v * mask[i]!);
        const x = tf.tensor(xData, shape);
        const out = run(x, { layer, step, row, rate });
        assert.deepEqual(out.shape, shape);
        const got = out.dataSync() as Float32Array;
        assert.deepEqual(new Uint32Array(got.buffer, got.byteOffset, size), new Uint32Array(expected.buffer), `[${shape}] row ${row} rate ${rate}`);
        tf.dispose([x, out]);
      }
    }
  });
}

test('the dropout kernel refuses a tensor that is not float32', async () => {
  await useWasm();
  const i = tf.zeros([2, 3], 'int32');
  assert.throws(() => run(i, { layer: 1, step: 2, row: 0, rate: 0.5 }), /KerastsDropout takes a float32 tensor; received int32/);
  i.dispose();
});
