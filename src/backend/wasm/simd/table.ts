/**
 * The one description of kerasts's SIMD kernels' signatures. scripts/simd/*.ts write each
 * WAT function's parameter list from it (`watParams`); ./module.ts derives the TypeScript
 * types of the exports from it and, with the bounds check on, which part of which tensor each
 * call may touch (`region`). A parameter added here changes both sides at once.
 */

/** A parameter: a byte address in the tfjs heap, an integer, or a float32. */
export type ParamKind = 'ptr' | 'i32' | 'f32';

/**
 * The part of a dense float32 array a call touches: the array's `dims` (from the call's own
 * sizes) and the highest index it touches along each (-1 along any: it touches nothing).
 */
export interface Region {
  dims: number[];
  last: number[];
}

type ParamList = readonly (readonly [string, ParamKind])[];

/** One family of exported functions sharing one parameter list. */
export interface Signature<P extends ParamList> {
  /** Exported names (one per channel-block width for the channel-blocked families). */
  exports: readonly string[];
  params: P;
  /** For each pointer parameter, the region a call with these arguments touches. */
  regions: (a: Record<P[number][0], number>, exportName: string) => Record<string, Region>;
}

/**
 * Output-channel blocks of the channel-blocked kernels (filterGrad*, conv*): f32x4 lanes
 * times accumulators per tile row. Any channel count is covered by 16s, then 4s, then 1s.
 */
export const CHANNEL_BLOCKS = [
  { width: 16, lanes: 4, accumulators: 4 },
  { width: 4, lanes: 4, accumulators: 1 },
  { width: 1, lanes: 1, accumulators: 1 },
] as const;

export type ChannelBlockWidth = (typeof CHANNEL_BLOCKS)[number]['width'];

/** The last channel a blocked call touches: blocks of `width` from coStart until coEnd is passed. */
function lastChannel(coStart: number, coEnd: number, width: number): number {
  if (coEnd <= coStart) return -1;
  return coStart + Math.ceil((coEnd - coStart) / width) * width - 1;
}

const blockWidth = (exportName: string): number => Number(/\d+$/.exec(exportName)?.[0] ?? 1);

/** Index of the last input row (or column) a window sweep reads: (out - 1) * stride + kernel - 1. */
const lastTap = (out: number, stride: number, kernel: number): number => (out === 0 ? -1 : (out - 1) * stride + kernel - 1);

/** Defines one signature, checking its parameter names against `regions`'s use of them. */
function signature<const P extends ParamList>(s: Signature<P>): Signature<P> {
  return s;
}

/**
 * The Winograd kernels' output tiles (2x2, or 4x4 for winograd4), how many a band of tile rows holds, and the last
 * channel each side touches (the transforms take 4 channels at a time).
 */
function winogradTiles(a: { oh: number; ow: number; bandRows: number; c: number; co: number }, tile = 2) {
  const tilesH = Math.ceil(a.oh / tile);
  const tilesW = Math.ceil(a.ow / tile);
  return { tilesH, tilesW, bandTiles: Math.min(a.bandRows, tilesH) * tilesW, lastC: Math.ceil(a.c / 4) * 4 - 1, lastCo: Math.ceil(a.co / 4) * 4 - 1 };
}

/**
 * The F(4x4) kernels' bands (they run on across images) and the last row and column of the
 * padded image their 6x6 windows reach, clipped to it (edge windows read zeros past it).
 */
function winograd4Windows(a: { n: number; h: number; wd: number; oh: number; ow: number; bandRows: number; c: number; co: number; padTop: number; padLeft: number }) {
  const { tilesH, tilesW, lastC, lastCo } = winogradTiles(a, 4);
  return {
    bandTiles: Math.min(a.bandRows, a.n * tilesH) * tilesW,
    lastC,
    lastCo,
    lastRow: Math.min(a.h - 1, 4 * tilesH + 1 - a.padTop),
    lastCol: Math.min(a.wd - 1, 4 * tilesW + 1 - a.padLeft),
  };
}

export const SIGNATURES = {
  filterGrad: signature({
    exports: CHANNEL_BLOCKS.map(({ width }) => `filterGrad${width}`),
    params: [
      ['xin', 'ptr'], ['dy', 'ptr'], ['dw', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['w', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'],
      ['kh', 'i32'], ['kw', 'i32'], ['sh', 'i32'], ['sw', 'i32'],
      ['coStart', 'i32'], ['coEnd', 'i32'],
    ],
    regions: (a, name) => {
      const last = a.ow === 0 ? -1 : lastChannel(a.coStart, a.coEnd, blockWidth(name));
      return {
        xin: { dims: [a.n, a.h, a.w, a.c], last: [a.n - 1, lastTap(a.oh, a.sh, a.kh), lastTap(a.ow, a.sw, a.kw), last < 0 ? -1 : a.c - 1] },
        dy: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, last] },
        dw: { dims: [a.kh * a.kw * a.c, a.co], last: [a.n === 0 ? -1 : a.kh * a.kw * a.c - 1, last] },
      };
    },
  }),
  conv: signature({
    exports: CHANNEL_BLOCKS.map(({ width }) => `conv${width}`),
    params: [
      ['x', 'ptr'], ['w', 'ptr'], ['bias', 'ptr'], ['out', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'],
      ['kh', 'i32'], ['kw', 'i32'], ['sh', 'i32'], ['sw', 'i32'],
      ['coStart', 'i32'], ['coEnd', 'i32'], ['hasBias', 'i32'], ['relu', 'i32'],
    ],
    regions: (a, name) => {
      const work = a.ow > 0 && a.kw * a.c > 0 && a.n > 0 && a.oh > 0;
      const last = work ? lastChannel(a.coStart, a.coEnd, blockWidth(name)) : -1;
      const regions: Record<string, Region> = {
        x: { dims: [a.n, a.h, a.wd, a.c], last: [a.n - 1, lastTap(a.oh, a.sh, a.kh), lastTap(a.ow, a.sw, a.kw), last < 0 ? -1 : a.c - 1] },
        w: { dims: [a.kh, a.kw, a.c, a.co], last: [a.kh - 1, a.kw - 1, a.c - 1, last] },
        out: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, last] },
      };
      if (a.hasBias !== 0) regions.bias = { dims: [a.co], last: [last] };
      return regions;
    },
  }),
  winograd: signature({
    exports: ['winograd'],
    params: [
      ['x', 'ptr'], ['u', 'ptr'], ['bias', 'ptr'], ['out', 'ptr'], ['v', 'ptr'], ['m', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'],
      ['bandRows', 'i32'], ['hasBias', 'i32'], ['relu', 'i32'],
    ],
    regions: (a) => {
      if (a.n === 0 || a.oh === 0 || a.ow === 0 || a.c === 0 || a.bandRows === 0) return {};
      const { tilesH, tilesW, bandTiles, lastC, lastCo } = winogradTiles(a);
      const regions: Record<string, Region> = {
        x: { dims: [a.n, a.h, a.wd, a.c], last: [a.n - 1, 2 * tilesH + 1, 2 * tilesW + 1, lastC] },
        u: { dims: [16, a.c, a.co], last: [15, a.c - 1, Math.floor(a.co / 4) * 4 - 1] },
        out: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, lastCo] },
        v: { dims: [16, bandTiles, a.c], last: [15, bandTiles - 1, lastC] },
        m: { dims: [16, bandTiles, a.co], last: [15, bandTiles - 1, lastCo] },
      };
      if (a.hasBias !== 0) regions.bias = { dims: [a.co], last: [lastCo] };
      return regions;
    },
  }),
  winograd4: signature({
    exports: ['winograd4'],
    params: [
      ['x', 'ptr'], ['u', 'ptr'], ['bias', 'ptr'], ['out', 'ptr'], ['v', 'ptr'], ['m', 'ptr'], ['t', 'ptr'], ['win', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'], ['padTop', 'i32'], ['padLeft', 'i32'],
      ['bandRows', 'i32'], ['hasBias', 'i32'], ['relu', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.n === 0 || a.oh === 0 || a.ow === 0 || a.c === 0 || a.bandRows === 0) return {};
      const { bandTiles, lastC, lastCo, lastRow, lastCol } = winograd4Windows(a);
      const regions: Record<string, Region> = {
        x: { dims: [a.n, a.h, a.wd, a.c], last: [a.n - 1, lastRow, lastCol, lastC] },
        u: { dims: [36, a.c, a.co], last: [35, a.c - 1, Math.floor(a.co / 4) * 4 - 1] },
        out: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, lastCo] },
        v: { dims: [36, bandTiles, a.c], last: [35, bandTiles - 1, lastC] },
        m: { dims: [36, bandTiles, a.co], last: [35, bandTiles - 1, lastCo] },
        t: { dims: [36, 4], last: [35, 3] },
        win: { dims: [36, a.c], last: [35, lastC] },
      };
      if (a.hasBias !== 0) regions.bias = { dims: [a.co], last: [lastCo] };
      return regions;
    },
  }),
  winogradFilterGrad: signature({
    exports: ['winogradFilterGrad'],
    params: [
      ['x', 'ptr'], ['dy', 'ptr'], ['du', 'ptr'], ['v', 'ptr'], ['z', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'], ['bandRows', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.n === 0 || a.oh === 0 || a.ow === 0 || a.c === 0 || a.bandRows === 0) return {};
      const { tilesH, tilesW, bandTiles, lastC, lastCo } = winogradTiles(a);
      return {
        x: { dims: [a.n, a.h, a.wd, a.c], last: [a.n - 1, 2 * tilesH + 1, 2 * tilesW + 1, lastC] },
        dy: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, lastCo] },
        du: { dims: [16, a.c, a.co], last: [15, a.c - 1, Math.floor(a.co / 4) * 4 - 1] },
        v: { dims: [16, bandTiles, a.c], last: [15, bandTiles - 1, lastC] },
        z: { dims: [16, bandTiles, a.co], last: [15, bandTiles - 1, lastCo] },
      };
    },
  }),
  winograd4FilterGrad: signature({
    exports: ['winograd4FilterGrad'],
    params: [
      ['x', 'ptr'], ['dy', 'ptr'], ['du', 'ptr'], ['v', 'ptr'], ['z', 'ptr'], ['t', 'ptr'], ['win', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'], ['padTop', 'i32'], ['padLeft', 'i32'], ['bandRows', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.n === 0 || a.oh === 0 || a.ow === 0 || a.c === 0 || a.bandRows === 0) return {};
      const { bandTiles, lastC, lastCo, lastRow, lastCol } = winograd4Windows(a);
      return {
        x: { dims: [a.n, a.h, a.wd, a.c], last: [a.n - 1, lastRow, lastCol, lastC] },
        dy: { dims: [a.n, a.oh, a.ow, a.co], last: [a.n - 1, a.oh - 1, a.ow - 1, lastCo] },
        du: { dims: [36, a.c, a.co], last: [35, a.c - 1, Math.floor(a.co / 4) * 4 - 1] },
        v: { dims: [36, bandTiles, a.c], last: [35, bandTiles - 1, lastC] },
        z: { dims: [36, bandTiles, a.co], last: [35, bandTiles - 1, lastCo] },
        t: { dims: [36, 4], last: [35, 3] },
        win: { dims: [36, a.c], last: [35, lastC] },
      };
    },
  }),
  winograd4InputGrad: signature({
    exports: ['winograd4InputGrad'],
    params: [
      ['dy', 'ptr'], ['u', 'ptr'], ['dx', 'ptr'], ['v', 'ptr'], ['m', 'ptr'], ['t', 'ptr'], ['win', 'ptr'],
      ['n', 'i32'], ['h', 'i32'], ['wd', 'i32'], ['c', 'i32'],
      ['oh', 'i32'], ['ow', 'i32'], ['co', 'i32'], ['padTop', 'i32'], ['padLeft', 'i32'], ['bandRows', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.n === 0 || a.oh === 0 || a.ow === 0 || a.c === 0 || a.bandRows === 0) return {};
      const { bandTiles, lastC, lastCo, lastRow, lastCol } = winograd4Windows(a);
      return {
        dy: { dims: [a.n, a.oh, a.ow, a.c], last: [a.n - 1, a.oh - 1, a.ow - 1, lastC] },
        u: { dims: [36, a.c, a.co], last: [35, a.c - 1, Math.floor(a.co / 4) * 4 - 1] },
        // Each dy tile's 6x6 window of dx, where it overlaps dx.
        dx: { dims: [a.n, a.h, a.wd, a.co], last: [a.n - 1, lastRow, lastCol, lastCo] },
        v: { dims: [36, bandTiles, a.c], last: [35, bandTiles - 1, lastC] },
        m: { dims: [36, bandTiles, a.co], last: [35, bandTiles - 1, lastCo] },
        t: { dims: [36, 4], last: [35, 3] },
        win: { dims: [36, a.co], last: [35, lastCo] },
      };
    },
  }),
  gemm: signature({
    exports: ['gemm'],
    params: [
      ['a', 'ptr'], ['b', 'ptr'], ['bias', 'ptr'], ['c', 'ptr'],
      ['m', 'i32'], ['n', 'i32'], ['k', 'i32'], ['aT', 'i32'], ['kc', 'i32'], ['hasBias', 'i32'], ['relu', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.m === 0 || a.n === 0 || a.k === 0) return {};
      const regions: Record<string, Region> = {
        a: a.aT !== 0 ? { dims: [a.k, a.m], last: [a.k - 1, a.m - 1] } : { dims: [a.m, a.k], last: [a.m - 1, a.k - 1] },
        b: { dims: [a.k, a.n], last: [a.k - 1, a.n - 1] },
        c: { dims: [a.m, a.n], last: [a.m - 1, a.n - 1] },
      };
      if (a.hasBias !== 0) regions.bias = { dims: [a.n], last: [a.n - 1] };
      return regions;
    },
  }),
  gemmNT: signature({
    exports: ['gemmNT'],
    params: [
      ['a', 'ptr'], ['b', 'ptr'], ['bias', 'ptr'], ['c', 'ptr'],
      ['m', 'i32'], ['n', 'i32'], ['k', 'i32'], ['hasBias', 'i32'], ['relu', 'i32'],
    ],
    regions: (a): Record<string, Region> => {
      if (a.m === 0 || a.n === 0 || a.k === 0) return {};
      const regions: Record<string, Region> = {
        a: { dims: [a.m, a.k], last: [a.m - 1, a.k - 1] },
        b: { dims: [a.n, a.k], last: [a.n - 1, a.k - 1] },
        c: { dims: [a.m, a.n], last: [a.m - 1, a.n - 1] },
      };
      if (a.hasBias !== 0) regions.bias = { dims: [a.n], last: [a.n - 1] };
      return regions;
    },
  }),
  maxPoolGrad2x2: signature({
    exports: ['maxPoolGrad2x2'],
    params: [
      ['x', 'ptr'], ['dy', 'ptr'], ['dx', 'ptr'],
      ['n', 'i32'], ['inH', 'i32'], ['inW', 'i32'], ['ch', 'i32'], ['outH', 'i32'], ['outW', 'i32'],
    ],
    regions: (a) => {
      const window = { dims: [a.n, a.inH, a.inW, a.ch], last: [a.n - 1, 2 * a.outH - 1, 2 * a.outW - 1, a.ch - 1] };
      return { x: window, dx: window, dy: { dims: [a.n, a.outH, a.outW, a.ch], last: [a.n - 1, a.outH - 1, a.outW - 1, a.ch - 1] } };
    },
  }),
  weightedSum: signature({
    exports: ['weightedSum'],
    params: [['a', 'ptr'], ['b', 'ptr'], ['out', 'ptr'], ['length', 'i32'], ['waS', 'f32'], ['wbS', 'f32']],
    regions: (a) => {
      const all = { dims: [a.length], last: [a.length - 1] };
      return { a: all, b: all, out: all };
    },
  }),
  reluGrad: signature({
    exports: ['reluGrad'],
    params: [['dy', 'ptr'], ['x', 'ptr'], ['out', 'ptr'], ['length', 'i32']],
    regions: (a) => {
      const all = { dims: [a.length], last: [a.length - 1] };
      return { dy: all, x: all, out: all };
    },
  }),
  dropoutMask: signature({
    exports: ['dropoutMask'],
    params: [
      ['x', 'ptr'], ['out', 'ptr'], ['rows', 'i32'], ['rowSize', 'i32'],
      ['prefix', 'i32'], ['firstRow', 'i32'], ['threshold', 'i32'], ['scaleS', 'f32'],
    ],
    regions: (a) => {
      const all = { dims: [a.rows, a.rowSize], last: [a.rows - 1, a.rowSize - 1] };
      return { x: all, out: all };
    },
  }),
  sumRows: signature({
    exports: ['sumRows'],
    params: [['x', 'ptr'], ['out', 'ptr'], ['rows', 'i32'], ['columns', 'i32']],
    regions: (a) => ({
      x: { dims: [a.rows, a.columns], last: [a.rows - 1, a.columns - 1] },
      // Zeroed first, even when there are no rows.
      out: { dims: [a.columns], last: [a.columns - 1] },
    }),
  }),
  transposeRows: signature({
    exports: ['transposeRows'],
    params: [['x', 'ptr'], ['out', 'ptr'], ['batches', 'i32'], ['rows', 'i32'], ['cols', 'i32']],
    regions: (a) => ({
      x: { dims: [a.batches, a.rows, a.cols], last: [a.batches - 1, a.rows - 1, a.cols - 1] },
      out: { dims: [a.batches, a.cols, a.rows], last: [a.batches - 1, a.cols - 1, a.rows - 1] },
    }),
  }),
  adadelta: signature({
    exports: ['adadelta'],
    params: [
      ['p', 'ptr'], ['a', 'ptr'], ['d', 'ptr'], ['g', 'ptr'],
      ['po', 'ptr'], ['ao', 'ptr'], ['do', 'ptr'], ['length', 'i32'],
      ['rhoS', 'f32'], ['keepS', 'f32'], ['epsS', 'f32'], ['lrS', 'f32'],
    ],
    regions: (a) => {
      const all = { dims: [a.length], last: [a.length - 1] };
      return { p: all, a: all, d: all, g: all, po: all, ao: all, do: all };
    },
  }),
  rmsprop: signature({
    exports: ['rmsprop'],
    params: [
      ['p', 'ptr'], ['ms', 'ptr'], ['mom', 'ptr'], ['g', 'ptr'],
      ['po', 'ptr'], ['mso', 'ptr'], ['momo', 'ptr'], ['length', 'i32'],
      ['rhoS', 'f32'], ['keepS', 'f32'], ['momentumS', 'f32'], ['epsS', 'f32'], ['lrS', 'f32'],
    ],
    regions: (a) => {
      const all = { dims: [a.length], last: [a.length - 1] };
      return { p: all, ms: all, mom: all, g: all, po: all, mso: all, momo: all };
    },
  }),
  adam: signature({
    exports: ['adam'],
    params: [
      ['p', 'ptr'], ['m', 'ptr'], ['v', 'ptr'], ['g', 'ptr'], ['c1', 'ptr'], ['c2', 'ptr'],
      ['po', 'ptr'], ['mo', 'ptr'], ['vo', 'ptr'], ['length', 'i32'],
      ['b1S', 'f32'], ['keep1S', 'f32'], ['b2S', 'f32'], ['keep2S', 'f32'], ['epsS', 'f32'], ['negLrS', 'f32'],
    ],
    regions: (a) => {
      const all = { dims: [a.length], last: [a.length - 1] };
      // The bias corrections are read once, whatever the length.
      const scalar = { dims: [1], last: [0] };
      return { p: all, m: all, v: all, g: all, c1: scalar, c2: scalar, po: all, mo: all, vo: all };
    },
  }),
} as const;

export type SignatureName = keyof typeof SIGNATURES;

/** The WAT parameter list of `name`'s functions: `(param $x i32) ...`. */
export function watParams(name: SignatureName): string {
  return SIGNATURES[name].params.map(([param, kind]) => `(param $${param} ${kind === 'f32' ? 'f32' : 'i32'})`).join(' ');
}

/** A JavaScript binding of a function with parameter list `P`: one number per parameter. */
export type KernelFunction<P extends ParamList> = (...args: { -readonly [K in keyof P]: number }) => void;

type Binding<N extends SignatureName> = KernelFunction<(typeof SIGNATURES)[N]['params']>;

/** The functions of kerasts's SIMD module; addresses are bytes in the tfjs heap. */
export type SimdKernels =
  & { [K in `filterGrad${ChannelBlockWidth}`]: Binding<'filterGrad'> }
  & { [K in `conv${ChannelBlockWidth}`]: Binding<'conv'> }
  & { [N in Exclude<SignatureName, 'filterGrad' | 'conv'>]: Binding<N> };

/** Every exported function's name, with the signature it has. */
export const EXPORTS: ReadonlyArray<readonly [keyof SimdKernels, SignatureName]> = (Object.keys(SIGNATURES) as SignatureName[])
  .flatMap((name) => SIGNATURES[name].exports.map((exported) => [exported as keyof SimdKernels, name] as const));
