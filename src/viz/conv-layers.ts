/**
 * Finding the convolution layers of a model, resolving `--layer`, and reading a kernel in
 * tf layout (rows, cols, in_channels, filters).
 */
import tf from '../util/tfjs.cjs';
import { UserError } from '../errors.js';
import type { TfKernel } from './kernel-layout.js';

/** Layer classes whose kernels can be drawn, and the weight holding the spatial kernel. */
const KERNEL_WEIGHT: Record<string, string> = {
  Conv2D: 'kernel',
  DepthwiseConv2D: 'depthwise_kernel',
  SeparableConv2D: 'depthwise_kernel',
};

export interface ConvLayerRef {
  layer: tf.layers.Layer;
  /** Position among the model's convolution layers (what a numeric `--layer` means). */
  convIndex: number;
  /** Position in `model.layers`. */
  layerIndex: number;
  className: string;
}

/** The model's convolution layers in order (Conv2D, DepthwiseConv2D, SeparableConv2D). */
export function convLayers(model: tf.LayersModel): ConvLayerRef[] {
  const refs: ConvLayerRef[] = [];
  model.layers.forEach((layer, layerIndex) => {
    const className = layer.getClassName();
    if (className in KERNEL_WEIGHT) refs.push({ layer, convIndex: refs.length, layerIndex, className });
  });
  return refs;
}

function describe(refs: readonly ConvLayerRef[]): string {
  return refs.map((ref) => `${ref.convIndex}: ${ref.layer.name}`).join(', ');
}

/**
 * Resolves `--layer`: a layer name, or a non-negative integer counting convolution layers only
 * (0 = the first Conv2D). Counting among all layers would depend on whether the model lists an
 * InputLayer (tfjs does for some Sequential models, not for others), so the index is not that.
 * Default: the first convolution layer.
 */
export function resolveConvLayer(model: tf.LayersModel, selector?: string, file?: string): ConvLayerRef {
  const refs = convLayers(model);
  if (refs.length === 0) {
    throw new UserError(`The model must have a convolution layer (Conv2D) to draw. Received: a model with layers ${model.layers.map((l) => l.getClassName()).join(', ')}.`, {
      code: 'NO_CONV_LAYER',
      file,
    });
  }
  if (selector === undefined) return refs[0]!;
  if (/^\d+$/.test(selector)) {
    const index = Number(selector);
    const ref = refs[index];
    if (ref === undefined) {
      throw new UserError(`index must be from 0 to ${refs.length - 1} (it counts convolution layers: ${describe(refs)}). Received: ${selector}.`, {
        code: 'LAYER_OUT_OF_RANGE',
        file,
        location: '--layer',
      });
    }
    return ref;
  }
  const byName = refs.find((ref) => ref.layer.name === selector);
  if (byName) return byName;
  const other = model.layers.find((layer) => layer.name === selector);
  const received = other ? `"${selector}", a ${other.getClassName()} layer` : `"${selector}", which is not a layer of this model`;
  throw new UserError(`must name a convolution layer (${describe(refs)}). Received: ${received}.`, {
    code: 'NOT_A_CONV_LAYER',
    file,
    location: '--layer',
  });
}

/**
 * Reads the layer's spatial kernel in tf layout. tfjs-layers stores Conv2D kernels as
 * (rows, cols, in, filters) even for channels-first models, so no transpose is needed here.
 * A depthwise kernel (rows, cols, in, multiplier) has the same bytes as (rows, cols, 1,
 * in * multiplier): each input channel's own filters, drawn as single-channel tiles.
 */
export function readKernel(ref: ConvLayerRef): TfKernel {
  const suffix = `/${KERNEL_WEIGHT[ref.className]}`;
  const index = ref.layer.weights.findIndex((w) => w.originalName.endsWith(suffix) || w.name.endsWith(suffix));
  if (index < 0) throw new Error(`layer ${ref.layer.name} has no weight ending in ${suffix}`);
  const tensor = ref.layer.getWeights()[index]!;
  const data = Float32Array.from(tensor.dataSync() as Float32Array);
  const [rows, cols, inCh, out] = tensor.shape as [number, number, number, number];
  if (ref.className === 'Conv2D') return { data, shape: [rows, cols, inCh, out] };
  return { data, shape: [rows, cols, 1, inCh * out] };
}
