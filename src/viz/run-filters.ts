/**
 * `kerasts filters` as a plain function: resolve the input, load the model(s), draw the
 * chosen convolution layer's filters, write the PNG, and return what was drawn.
 */
import { isAbsolute, relative } from 'node:path';
import { outExtension } from '../util/out-extension.js';
import type * as tf from '@tensorflow/tfjs';
import { checkWeightsFlag, kerasInputModel } from '../model/keras-input.js';
import { loadModel } from '../model/load.js';
import type { ImageDimOrdering } from '../settings/constants.js';
import { loadSpec } from '../spec/load.js';
import { modelFromSpec } from '../model/from-spec.js';
import { drawFilterComparison } from './compare.js';
import { readKernel, resolveConvLayer } from './conv-layers.js';
import { drawFilterGrid, type FilterStats, type GridGeometry, type GridOptions, type NormalizeMode } from './filter-grid.js';
import { initialModelPath, resolveModelInput } from '../run/input.js';
import { checkOutputPath, writePngAtomic } from './png.js';

/** Default `--out`, in the working directory. */
export const DEFAULT_FILTERS_OUT = 'filters.png';

/** The grid is a PNG: another extension (.jpg, .svg) would put PNG bytes under a wrong name. */
export function checkFiltersOut(out: string): void {
  outExtension(out, ['.png'], { '.svg': 'The model diagram as .svg is `kerasts plot <run> --out model.svg`.' });
}

export interface FiltersOptions extends GridOptions {
  /** Run directory, model.json, Keras model file or spec; undefined = the latest run under runs/. */
  input?: string;
  /** PNG path to write. */
  out: string;
  /** Layer name, or index among convolution layers. */
  layer?: string;
  /** Draw the initial and the trained filters side by side. */
  compare?: boolean;
  /** A weights-only Keras HDF5 file (`--weights`) for a Keras model file, relative to `cwd`. */
  weights?: string;
  cwd?: string;
  /** Builds a freshly initialised model from a spec file; needed only when the input is a spec. */
  buildFromSpec?: (specPath: string) => Promise<tf.LayersModel>;
}

export interface DrawnGrid {
  geometry: GridGeometry;
  filters: FilterStats[];
}

export interface FiltersResult {
  input: string;
  inputKind: 'model' | 'spec' | 'keras';
  out: string;
  layer: { name: string; index: number; className: string; kernelShape: number[] };
  width: number;
  height: number;
  channels: 1 | 3;
  normalize: NormalizeMode;
  drawnChannels: number[];
  geometry: GridGeometry;
  filters: FilterStats[];
  /** With `--compare`: the left (initial) panel, the separation in px; `filters` are the trained ones. */
  compare?: { separation: number; before: DrawnGrid };
}

async function loadFor(input: Awaited<ReturnType<typeof resolveModelInput>>, options: FiltersOptions): Promise<tf.LayersModel> {
  checkWeightsFlag(input, options.weights);
  if (input.kind === 'model') return loadModel(input.modelPath);
  if (input.kind === 'keras') return kerasInputModel(input.path, input.label, options.weights, options.cwd);
  if (!options.buildFromSpec) throw new Error('drawing the filters of a spec needs a model builder');
  // Name the spec as the user did in its error messages, when that path is valid from here.
  const cwd = options.cwd ?? process.cwd();
  return options.buildFromSpec(cwd === process.cwd() ? input.label : input.specPath);
}

/** The freshly initialised model of a spec file (or the model file it names), as `kerasts train` builds it. */
export async function specFileModel(specPath: string, imageDimOrdering: ImageDimOrdering): Promise<tf.LayersModel> {
  const { spec, file } = await loadSpec(specPath);
  return modelFromSpec(spec, file, { imageDimOrdering });
}

/** Draws the filters and writes the PNG; returns the geometry and per-filter ranges. */
export async function runFilters(options: FiltersOptions): Promise<FiltersResult> {
  const cwd = options.cwd ?? process.cwd();
  const out = options.out;
  // Fail on a bad --out before spending time loading models.
  await checkOutputPath(out);
  checkFiltersOut(out);
  const input = await resolveModelInput(options.input, cwd);
  const beforePath = options.compare ? await initialModelPath(input) : undefined;
  const file = input.kind === 'model' ? input.modelPath : input.kind === 'keras' ? input.label : input.specPath;
  const models: tf.LayersModel[] = [];
  try {
    const model = await loadFor(input, options);
    models.push(model);
    const ref = resolveConvLayer(model, options.layer, file);
    const kernel = readKernel(ref);
    const layer = { name: ref.layer.name, index: ref.convIndex, className: ref.className, kernelShape: [...kernel.shape] };
    const base = { input: input.label, inputKind: input.kind, out, layer } as const;
    if (beforePath === undefined) {
      const grid = drawFilterGrid(kernel, options);
      await writePngAtomic(out, grid);
      const { width, height, channels, normalize, drawnChannels, geometry, filters } = grid;
      return { ...base, width, height, channels, normalize, drawnChannels, geometry, filters };
    }
    const initial = await loadModel(beforePath);
    models.push(initial);
    const beforeKernel = readKernel(resolveConvLayer(initial, options.layer ?? String(ref.convIndex), beforePath));
    const image = drawFilterComparison(beforeKernel, kernel, options);
    await writePngAtomic(out, image);
    const { after, before } = image;
    return {
      ...base,
      width: image.width,
      height: image.height,
      channels: image.channels,
      normalize: after.normalize,
      drawnChannels: after.drawnChannels,
      geometry: after.geometry,
      filters: after.filters,
      compare: { separation: image.separation, before: { geometry: before.geometry, filters: before.filters } },
    };
  } finally {
    for (const model of models) model.dispose();
  }
}

/** The one-line text summary printed on stdout without `--json`. */
/** `path` relative to the working directory when it lies inside it, else as it is. */
function nearPath(path: string): string {
  const near = relative(process.cwd(), path);
  return near === '' || near.startsWith('..') || isAbsolute(near) ? path : near;
}

export function describeResult(result: FiltersResult): string {
  const g = result.geometry;
  const what = result.compare ? 'initial | trained filters' : 'filters';
  // The model is named: with no input given it is the latest run's, which the user did not type.
  return `${result.out}: ${g.count} ${what} of ${result.layer.name} (${result.layer.kernelShape.join('x')}), ${g.rows} x ${g.cols} tiles, ${result.width} x ${result.height} px, from ${nearPath(result.input)}`;
}
