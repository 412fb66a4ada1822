import tf from '../../../src/util/tfjs.cjs';
import { test } from 'node:test';
import { assertClose, onBoth, values } from '../compare.js';

test('matMul with every transpose combination, 2-D and batched, matches cpu', async () => {
  // [m, n]: fewer result rows than columns takes the swapped product (Cᵀ = op(B)ᵀ·op(A)ᵀ), more does not.
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    for (const [batch, [m, n]] of [[[], [4, 6]], [[3], [4, 6]], [[], [6, 4]], [[3], [6, 4]]] as const) {
      const aShape = [...batch, ...(ta ? [5, m] : [m, 5])];
      const bShape = [...batch, ...(tb ? [n, 5] : [5, n])];
      const a = values(tf.util.sizeFromShape(aShape), 6);
      const b = values(tf.util.sizeFromShape(bShape), 7);
      const { cpu, wasm } = await onBoth(() => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), ta, tb));
      assertClose(wasm[0]!, cpu[0]!, `matMul ta=${ta} tb=${tb} batch=${batch.length} m=${m} n=${n}`);
    }
  }
});

