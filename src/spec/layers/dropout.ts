import tf from '../../util/tfjs.cjs';
import { z } from 'zod';
import { DROPOUT_KERNEL, type DropoutAttrs } from '../../backend/kernel-names.js';
import { absorb, finish, hashString, hashWords } from '../../util/counter-hash.js';
import { defineLayer, passThrough } from './entry.js';
import { common, nonNegativeInt } from './schema-parts.js';

/**
 * Which masks a training forward pass draws: `step` names the optimisation step (a hash of
 * the run's seed and the step's number, see `stepWord`), `row` is the index in the whole
 * batch of the first row given to the model (non-zero on every shard but the first).
 */
export interface DropoutKey {
  step: number;
  row: number;
}

/** The `model.apply` keyword under which a training step hands its DropoutKey to the layers. */
export const DROPOUT_KEY_KWARG = 'dropoutKey';

/** A step's 32-bit key: from the run's seed and the step's number alone, so a resumed run redraws the same masks. */
export const stepWord = (seed: number, step: number): number => hashWords(seed, step);

/**
 * Fills `out` (rows of `rowSize`) with a dropout mask: 0 where a unit is dropped, else
 * `1 / (1 - rate)`. Element `e` of row `r` is kept when u >= rate, u being the uniform from
 * the hash of (layer, step, firstRow + r, e): the same unit of the same sample in the same
 * step gets the same draw whichever thread computes it and however the batch is split.
 */
export function fillDropoutMask(out: Float32Array, rows: number, rowSize: number, layer: number, key: DropoutKey, rate: number): void {
  const threshold = rate * 2 ** 24;
  const scale = 1 / (1 - rate);
  const prefix = absorb(absorb(0, layer), key.step);
  for (let r = 0; r < rows; r++) {
    const rowState = absorb(prefix, key.row + r);
    const base = r * rowSize;
    for (let e = 0; e < rowSize; e++) {
      out[base + e] = finish(absorb(rowState, e), 4) >>> 8 >= threshold ? scale : 0;
    }
  }
}

/**
 * x times its fillDropoutMask mask (the mask of x's shape) in one kernel, on a backend that has
 * DROPOUT_KERNEL (wasm), else undefined. The gradient is the same mask on dy, rehashed: the
 * mask is never stored.
 */
function dropoutByKernel(x: tf.Tensor, attrs: DropoutAttrs): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || tf.getKernel(DROPOUT_KERNEL, tf.getBackend()) === undefined) return undefined;
  const run = (t: tf.Tensor) => tf.engine().runKernel(DROPOUT_KERNEL, { x: t }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([]);
    return { value: run(input as tf.Tensor), gradFunc: (dy: tf.Tensor) => run(dy) };
  });
  return tf.tidy('dropout', () => op(x));
}

interface DropoutArgs {
  rate: number;
  noiseShape?: Array<number | null>;
  seed?: number;
  name?: string;
  inputShape?: number[];
}

/**
 * Keras `Dropout` with counter-based masks. tfjs-layers' own layer draws from a generator
 * seeded once per call, so with a fixed seed it drops the same units in every step, and
 * each gradient thread draws its own slice's masks. This one hashes (layer seed, step key,
 * global row, element), so masks change from step to step, repeat exactly on a resumed run,
 * and do not depend on how many threads share the batch. Registered under tfjs's class name
 * `Dropout`, so saved models stay plain Keras/tfjs files and load back as this class.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  readonly rate: number;
  readonly noiseShape?: Array<number | null>;
  readonly seed?: number;
  /** Steps drawn without a key (a caller outside kerasts's train steps): each gets new masks. */
  private unkeyedCalls = 0;

  constructor(args: DropoutArgs) {
    super(args as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.rate = Math.max(Math.min(args.rate, 1), 0);
    this.noiseShape = args.noiseShape ?? undefined;
    this.seed = args.seed ?? undefined;
    this.supportsMasking = true;
  }

  /** The 32-bit word naming this layer's masks: its seed, else (no seed given) its name. */
  private layerWord(): number {
    return this.seed === undefined ? hashString(this.name) : hashWords(this.seed);
  }

  /** The mask's shape: the noise shape with its unknown axes taken from the input. */
  private maskShape(input: tf.Tensor): number[] {
    if (this.noiseShape == null) return input.shape;
    return this.noiseShape.map((size, axis) => size ?? input.shape[axis]!);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true || !(this.rate > 0 && this.rate < 1)) return input;
    const key = (kwargs[DROPOUT_KEY_KWARG] as DropoutKey | undefined) ?? { step: stepWord(0, this.unkeyedCalls++), row: 0 };
    if (this.noiseShape == null) {
      const byKernel = dropoutByKernel(input, { layer: this.layerWord(), step: key.step, row: key.row, rate: this.rate });
      if (byKernel !== undefined) return byKernel;
    }
    const shape = this.maskShape(input);
    const rows = shape[0] ?? 1;
    const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
    const mask = new Float32Array(rows * rowSize);
    // A mask shared by the whole batch (a fixed noise shape on the batch axis) must not depend on where a shard starts.
    const shared = this.noiseShape?.[0] != null;
    fillDropoutMask(mask, rows, rowSize, this.layerWord(), shared ? { ...key, row: 0 } : key, this.rate);
    return tf.tidy(() => tf.mul(input, tf.tensor(mask, shape, 'float32')));
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The keys and order of tfjs's own Dropout, so a saved model is byte-for-byte what tfjs writes.
    return { rate: this.rate, noiseShape: this.noiseShape, seed: this.seed, ...super.getConfig() } as tf.serialization.ConfigDict;
  }
}

/**
 * Makes tfjs's deserializer build `Dropout` layers as SeededDropout (the class name is
 * tfjs's own, so this replaces its entry). Idempotent; call before loading or replicating
 * a model.
 */
export function registerSeededDropout(): void {
  tf.serialization.registerClass(SeededDropout);
}

const RATE = 'must be a number in [0, 1)';
const schema = z.strictObject({
  ...common,
  rate: z.number({ message: RATE }).min(0, { message: RATE }).lt(1, { message: RATE }),
  seed: nonNegativeInt().optional(),
});

/** Keras `Dropout` (Keras 1 called the rate `p`). */
export const dropout = defineLayer({
  className: 'Dropout',
  schema,
  namePrefix: 'dropout',
  keras1: { renames: { p: 'rate' } },
  register: registerSeededDropout,
  toTfjs: (c, { name, inputShape, seed }) => new SeededDropout({ ...(inputShape ? { name, inputShape } : { name }), rate: c.rate, seed: c.seed ?? seed }),
  ...passThrough,
});
