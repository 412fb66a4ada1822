import tf from '../../util/tfjs.cjs';
import { composeKernel, type WasmBackendLike, type WasmKernelArgs } from './kernel-util.js';
import { channelBlocks, heapAddress, simdKernels } from './simd/module.js';
import { stockKernel } from './stock.js';
import { winogradConvolve, winogradFilter, winogradFits, winogradTile } from './winograd.js';

/** What the two convolutions' attributes share (FusedConv2DAttrs adds the activation). */
type ConvAttrs = tf.Conv2DAttrs & Partial<Pick<tf.FusedConv2DAttrs, 'activation'>>;

/** Whether our kernel computes this convolution; anything else goes to the stock kernel. */
function supported(x: tf.TensorInfo, filter: tf.TensorInfo, attrs: ConvAttrs): boolean {
  const dilations = typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : attrs.dilations;
  return attrs.dataFormat === 'NHWC' && dilations.every((d) => d === 1) && x.dtype === 'float32' && filter.dtype === 'float32' && x.shape.length === 4;
}

/**
 * y = conv(x, filter) (+ bias, then ReLU when asked), by the SIMD kernels in ./simd: for a
 * stride-1 3x3 filter with channel counts multiples of 4, Winograd F(4x4, 3x3) or F(2x2, 3x3)
 * (./winograd.ts; also the input gradient's convolution, ./conv2d-backprop-input.ts); otherwise the direct kernel (scripts/simd/conv2d-wat.ts), two output pixels per filter load,
 * a block of output channels at a time. The direct kernel's input is padded first if the
 * convolution pads; F(4x4, 3x3) reads it unpadded.
 * The direct kernel took ~30 ms for an MNIST conv2 at 64 images against ~39 ms for XNNPACK's
 * convolution, which repacks the filter every step (it is new data each step) and streams it
 * from L2.
 */
function convolve(backend: WasmBackendLike, x: tf.TensorInfo, filter: tf.TensorInfo, bias: tf.TensorInfo | undefined, attrs: ConvAttrs, relu: boolean): tf.TensorInfo {
  const [kh, kw, inChannels, outChannels] = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], [kh, kw, inChannels, outChannels], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const { top, left } = info.padInfo;
  const outShape = [info.batchSize, info.outHeight, info.outWidth, outChannels];
  if (winogradFits(kh, kw, info.strideHeight, info.strideWidth, inChannels, outChannels)) {
    const tile = winogradTile(info.outHeight, info.outWidth);
    return composeKernel(backend, [x, filter], (xIn, filterIn) => {
      const out = backend.makeOutput(outShape, 'float32');
      winogradConvolve(backend, xIn as tf.Tensor4D, winogradFilter(filterIn as tf.Tensor4D, tile), bias, out, relu, tile, { top, left });
      return tf.engine().makeTensorFromTensorInfo(out);
    });
  }
  // Zero rows and columns after the input up to the last window's end: what the padding
  // asks for, or more when rounding up the output size (dimRoundingMode 'ceil') makes the
  // last window overhang.
  const bottom = Math.max(0, (info.outHeight - 1) * info.strideHeight + kh - top - info.inHeight);
  const right = Math.max(0, (info.outWidth - 1) * info.strideWidth + kw - left - info.inWidth);
  const pad = (input: tf.Tensor): tf.Tensor =>
    (top === 0 && bottom === 0 && left === 0 && right === 0 ? input : tf.pad(input as tf.Tensor4D, [[0, 0], [top, bottom], [left, right], [0, 0]]));
  const run = (input: tf.TensorInfo): tf.TensorInfo => {
    const out = backend.makeOutput(outShape, 'float32');
    const [, height, width] = input.shape;
    const kernels = simdKernels(backend);
    const args = [
      heapAddress(backend, input), heapAddress(backend, filter), bias ? heapAddress(backend, bias) : 0, heapAddress(backend, out),
      info.batchSize, height!, width!, inChannels,
      info.outHeight, info.outWidth, outChannels,
      kh, kw, info.strideHeight, info.strideWidth,
    ] as const;
    for (const [block, start, end] of channelBlocks(outChannels)) kernels[`conv${block}`](...args, start, end, bias ? 1 : 0, relu ? 1 : 0);
    return out;
  };
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return run(x);
  return composeKernel(backend, [x], (xIn) => tf.engine().makeTensorFromTensorInfo(run(pad(xIn!))));
}

/** Conv2D for the wasm backend: ours for NHWC float32 without dilation, else `stock`. */
function makeConv2D(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const convAttrs = attrs as unknown as ConvAttrs;
    if (!supported(x, filter, convAttrs)) return stock(args);
    return convolve(backend, x, filter, undefined, convAttrs, false);
  };
}

/**
 * FusedConv2D (what tfjs-layers' Conv2D calls, with its bias) for the wasm backend: ours for
 * NHWC float32 without dilation, with a bias of one value per output channel or none, and a
 * linear or ReLU activation; anything else (other activations, PReLU weights) goes to `stock`.
 */
function makeFusedConv2D(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { x, filter, bias, preluActivationWeights } = inputs as Partial<tf.FusedConv2DInputs>;
    const convAttrs = attrs as unknown as ConvAttrs;
    const activation = convAttrs.activation ?? 'linear';
    const outChannels = filter!.shape[3]!;
    const plainBias = bias === undefined || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === outChannels && bias.shape.length <= 1);
    if (!supported(x!, filter!, convAttrs) || preluActivationWeights !== undefined || !plainBias || (activation !== 'linear' && activation !== 'relu')) {
      return stock(args);
    }
    return convolve(backend, x!, filter!, bias, convAttrs, activation === 'relu');
  };
}

/** Registry entry; see `registerWasmTrainingKernels`. */
export const conv2DConfig = {
  kernelName: tf.Conv2D,
  backendName: 'wasm',
  kernelFunc: makeConv2D(stockKernel(tf.Conv2D)),
} satisfies tf.KernelConfig;

/** Registry entry; see `registerWasmTrainingKernels`. */
export const fusedConv2DConfig = {
  kernelName: tf.FusedConv2D,
  backendName: 'wasm',
  kernelFunc: makeFusedConv2D(stockKernel(tf.FusedConv2D)),
} satisfies tf.KernelConfig;
