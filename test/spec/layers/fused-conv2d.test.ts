import tf from '../../../src/util/tfjs.cjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../../src/backend/select.js';
import { fusedConv2d, type FusedConvActivation } from '../../../src/spec/layers/fused-conv2d.js';
import { assertClose, useWasm, values } from '../../backend/compare.js';

interface Case {
  name: string;
  x: [number, number, number, number];
  kernel: [number, number];
  filters: number;
  strides: [number, number];
  pad: 'valid' | 'same';
  bias: boolean;
}

const CASES: Case[] = [
  { name: 'MNIST conv1 shape, 3x3 valid', x: [4, 28, 28, 1], kernel: [3, 3], filters: 32, strides: [1, 1], pad: 'valid', bias: true },
  { name: '3x3 same, 4 channels in (Winograd on wasm)', x: [2, 9, 7, 4], kernel: [3, 3], filters: 8, strides: [1, 1], pad: 'same', bias: true },
  { name: '2x3 stride 2 same, odd sizes, no bias', x: [3, 7, 5, 3], kernel: [2, 3], filters: 5, strides: [2, 2], pad: 'same', bias: false },
  { name: 'batch 1, 1x1', x: [1, 3, 3, 2], kernel: [1, 1], filters: 3, strides: [1, 1], pad: 'valid', bias: true },
];

type Inputs = { x: tf.Tensor4D; filter: tf.Tensor4D; bias: tf.Tensor1D | null; w: tf.Tensor };

function inputsOf(c: Case): Inputs {
  const filterShape: [number, number, number, number] = [...c.kernel, c.x[3], c.filters];
  const x = tf.tensor4d(values(tf.util.sizeFromShape(c.x), 41), c.x);
  const filter = tf.tensor4d(values(tf.util.sizeFromShape(filterShape), 42), filterShape);
  const bias = c.bias ? tf.tensor1d(values(c.filters, 43)) : null;
  const y = tf.conv2d(x, filter, c.strides, c.pad);
  return { x, filter, bias, w: tf.tensor(values(y.size, 44), y.shape) };
}

/** Gradients of sum(conv(x) * w) for filter, bias (and x when `withX`), through `conv`. */
function gradients(c: Case, inputs: Inputs, withX: boolean, conv: (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor | null) => tf.Tensor): tf.Tensor[] {
  const { x, filter, bias, w } = inputs;
  const args = [filter, ...(bias ? [bias] : []), ...(withX ? [x] : [])];
  return tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(conv(withX ? (a[a.length - 1] as tf.Tensor4D) : x, a[0] as tf.Tensor4D, bias ? a[1]! : null), w)))(args);
}

const tfjsFused = (c: Case, activation: FusedConvActivation) => (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor | null) =>
  tf.fused.conv2d({ x, filter, strides: c.strides, pad: c.pad, bias: bias ?? undefined, activation });
const ours = (c: Case, activation: FusedConvActivation, inputGradient: boolean) => (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor | null) =>
  fusedConv2d({ x, filter, bias, window: { strides: c.strides, pad: c.pad }, activation, inputGradient });

const bits = (t: tf.Tensor) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

for (const backend of ['cpu', 'wasm'] as const) {
  for (const c of CASES) {
    test(`fusedConv2d on ${backend}, ${c.name}: the values and gradients of tfjs's fused conv2d`, async () => {
      if (backend === 'cpu') await initBackend('cpu');
      else await useWasm();
      tf.tidy(() => {
        const inputs = inputsOf(c);
        for (const activation of ['linear', 'relu'] as const) {
          const label = `${activation}`;
          const expected = gradients(c, inputs, true, tfjsFused(c, activation));
          const withX = gradients(c, inputs, true, ours(c, activation, true));
          const dataOnly = gradients(c, inputs, false, ours(c, activation, false));
          // Linear: tfjs-core runs the same FusedConv2D kernel and gradient ops, so bit for bit. ReLU: under a
          // gradient tape tfjs-core runs conv2d, add and relu as three kernels, which may round differently on wasm.
          const exact = activation === 'linear' || backend === 'cpu';
          expected.forEach((e, i) => {
            if (exact) assert.deepEqual(bits(withX[i]!), bits(e), `${label}: gradient ${i}`);
            else assertClose(withX[i]!.dataSync() as Float32Array, e.dataSync() as Float32Array, `${label}: gradient ${i}`);
          });
          // Without the image's gradient, the filter's and bias's are those of the full gradient, bit for bit.
          assert.equal(dataOnly.length, expected.length - 1);
          dataOnly.forEach((g, i) => assert.deepEqual(bits(g), bits(withX[i]!), `${label}: data-only gradient ${i}`));
          const forward = ours(c, activation, false)(inputs.x, inputs.filter, inputs.bias);
          assert.deepEqual(bits(forward), bits(tf.tidy(() => {
            // Outside a tape tfjs-core runs the FusedConv2D kernel with the activation: the same kernel as ours.
            return tfjsFused(c, activation)(inputs.x, inputs.filter, inputs.bias);
          })), `${label}: forward`);
        }
      });
    });
  }
}

test('without the input gradient no Conv2DBackpropInput runs, and the image has no gradient to ask for', async () => {
  await useWasm();
  const c = CASES[0]!;
  const inputs = inputsOf(c);
  const kernelsOf = async (inputGradient: boolean) => (await tf.profile(() => {
    tf.dispose(gradients(c, inputs, false, ours(c, 'linear', inputGradient)));
  })).kernels.map((k) => k.name);
  assert.ok((await kernelsOf(true)).includes('Conv2DBackpropInput'), 'the image is an input: its gradient is computed');
  const without = await kernelsOf(false);
  assert.ok(!without.includes('Conv2DBackpropInput'), without.join(', '));
  assert.ok(without.includes('Conv2DBackpropFilter'), without.join(', '));
  assert.throws(() => gradients(c, inputs, true, ours(c, 'linear', false)), /Cannot compute gradient of y=f\(x\) with respect to x/);
  tf.dispose(Object.values(inputs).filter((t): t is tf.Tensor => t !== null));
});

test('fusedConv2d of an empty batch is an empty output with zero filter and bias gradients', async () => {
  await useWasm();
  tf.tidy(() => {
    const c: Case = { name: 'empty', x: [0, 5, 5, 2], kernel: [3, 3], filters: 4, strides: [1, 1], pad: 'valid', bias: true };
    const inputs = inputsOf(c);
    const y = ours(c, 'relu', false)(inputs.x, inputs.filter, inputs.bias);
    assert.deepEqual(y.shape, [0, 3, 3, 4]);
    const [dFilter, dBias] = gradients(c, inputs, false, ours(c, 'relu', false));
    assert.deepEqual(dFilter!.shape, [3, 3, 2, 4]);
    assert.ok((dFilter!.dataSync() as Float32Array).every((v) => v === 0));
    assert.deepEqual(Array.from(dBias!.dataSync()), [0, 0, 0, 0]);
  });
});
