// Pieces of WebAssembly text the SIMD kernel generators share.

export const get = (name: string) => `(local.get $${name})`;
export const add = (a: string, b: string) => `(i32.add ${a} ${b})`;
export const mul = (a: string, b: string) => `(i32.mul ${a} ${b})`;
export const bytes = (floats: string) => `(i32.shl ${floats} (i32.const 2))`;

/** The instructions for one lane width: f32x4 vectors (`vector`) or single f32 values. */
export function laneOps(vector: boolean, relaxed = false) {
  return {
    /**
     * a*b + c: with `relaxed`, f32x4.relaxed_madd (one fused multiply-add where the CPU has
     * one: x86 with FMA, ARM). WebAssembly has no scalar FMA, so f32 stays mul then add.
     */
    madd: (a: string, b: string, c: string) => (vector && relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(${vector ? 'f32x4' : 'f32'}.add ${c} (${vector ? 'f32x4' : 'f32'}.mul ${a} ${b}))`),
    type: vector ? 'v128' : 'f32',
    /** The float instructions' prefix, for those not listed here (f32x4.sqrt, f32.div...). */
    float: vector ? 'f32x4' : 'f32',
    load: vector ? 'v128.load' : 'f32.load',
    store: vector ? 'v128.store' : 'f32.store',
    /** Loads one float and repeats it in every lane. */
    splat: vector ? 'v128.load32_splat' : 'f32.load',
    mul: vector ? 'f32x4.mul' : 'f32.mul',
    add: vector ? 'f32x4.add' : 'f32.add',
    max: vector ? 'f32x4.max' : 'f32.max',
    zero: vector ? '(v128.const f32x4 0 0 0 0)' : '(f32.const 0)',
    /** Bytes per value. */
    step: vector ? 16 : 4,
  };
}

/**
 * The register tile of the convolution kernels: two rows of `accumulators` values, $a0..
 * and $b0.., updated from one shared operand row $d0.. (loaded at `shared`) times one float
 * for each tile row (loaded at `first` and `second`):
 *   a_k += x[first] * d_k;  b_k += x[second] * d_k
 */
export function pairTile(vector: boolean, accumulators: number, relaxed: boolean) {
  const ops = laneOps(vector, relaxed);
  const k = [...Array(accumulators).keys()];
  return {
    locals: [...k.map((i) => `(local $a${i} ${ops.type}) (local $b${i} ${ops.type}) (local $d${i} ${ops.type})`), `(local $s0 ${ops.type}) (local $s1 ${ops.type})`].join(' '),
    /** One update; `splatOffset`: a constant byte offset added to `first` and `second`. */
    step: (shared: string, first: string, second: string, splatOffset = 0) => [
      ...k.map((i) => `(local.set $d${i} (${ops.load} offset=${i * ops.step} ${get(shared)}))`),
      `(local.set $s0 (${ops.splat} offset=${splatOffset} ${get(first)}))`,
      `(local.set $s1 (${ops.splat} offset=${splatOffset} ${get(second)}))`,
      ...k.map((i) => `(local.set $a${i} ${ops.madd(get('s0'), get(`d${i}`), get(`a${i}`))})`),
      ...k.map((i) => `(local.set $b${i} ${ops.madd(get('s1'), get(`d${i}`), get(`b${i}`))})`),
    ].join('\n'),
    /**
     * Stores the tile rows at pointers `at` (the a row) and `bAt` (the b row), through
     * `finish` (e.g. a ReLU). The b row goes first: where the two are one place (an odd
     * last row paired with itself) both hold the same values. `stride`: bytes between the
     * stored values (by default one after the other).
     */
    store: (at: string, bAt: string, finish: (value: string) => string = (value) => value, stride: number = ops.step) => [
      ...k.map((i) => `(${ops.store} offset=${i * stride} ${get(bAt)} ${finish(get(`b${i}`))})`),
      ...k.map((i) => `(${ops.store} offset=${i * stride} ${get(at)} ${finish(get(`a${i}`))})`),
    ].join('\n'),
  };
}
