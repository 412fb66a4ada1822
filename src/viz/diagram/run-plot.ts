/** `kerasts plot`: the model diagram of a spec, model file or run, written as SVG or PNG. */
import type * as tf from '@tensorflow/tfjs';
import { outExtension } from '../../util/out-extension.js';
import { UserError } from '../../errors.js';
import { loadInputModel } from '../../model/run-summary.js';
import type { ImageDimOrdering } from '../../settings/constants.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { MAX_DIAGRAM_LAYERS } from '../../util/limits.js';
import { checkOutputPath } from '../png.js';
import { CSS_DPI, svgToPng } from '../render/svg-to-png.js';
import { graphToDot, type DotOptions } from './dot.js';
import { modelGraph } from './graph.js';
import { dotToSvg } from './layout.js';

export const PLOT_FORMATS = ['png', 'svg'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];
export const DEFAULT_PLOT_OUT = 'model.png';
/** Keras's plot_model default. */
export const DEFAULT_PLOT_DPI = 96;

export interface PlotOptions extends DotOptions {
  /** A spec, model file or run directory; undefined means the latest run under runs/. */
  input?: string;
  out: string;
  imageDimOrdering: ImageDimOrdering;
  /** PNG resolution; the SVG is always at 96 dpi (its own CSS size). */
  dpi?: number;
}

export interface PlotResult {
  out: string;
  format: PlotFormat;
  /** Pixels of the PNG, or CSS pixels of the SVG. */
  width: number;
  height: number;
  bytes: number;
  layers: number;
}

/** The output format from `--out`'s extension; anything else is exit 2 naming the allowed ones. */
export function plotFormat(out: string): PlotFormat {
  const allowed = PLOT_FORMATS.map((format) => `.${format}` as const);
  const hint = "An HTML page with the diagram and the run's results is `kerasts report <run> --out report.html`.";
  return outExtension(out, allowed, { '.html': hint }).slice(1) as PlotFormat;
}

/** The diagram of `model` as SVG text (used by `plot` and by `report`). */
export async function modelDiagramSvg(model: tf.LayersModel, options: DotOptions = {}): Promise<string> {
  const graph = modelGraph(model);
  if (graph.nodes.length > MAX_DIAGRAM_LAYERS) {
    throw new UserError(`The model has ${graph.nodes.length} layers; plot draws at most ${MAX_DIAGRAM_LAYERS}.`, { code: 'MODEL_TOO_LARGE' });
  }
  return dotToSvg(graphToDot(graph, options));
}

/** The SVG's own size in CSS pixels, from its width/height attributes (Graphviz gives points). */
/** The file bytes of a drawn SVG as `format` (a PNG at `dpi`, or a standalone SVG) and its size in pixels. */
export function encodePicture(svg: string, format: PlotFormat, dpi: number): { data: Buffer; size: { width: number; height: number } } {
  if (format === 'svg') return { data: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${svg}`, 'utf8'), size: svgSize(svg) };
  const data = svgToPng(svg, { dpi });
  // A PNG's IHDR chunk: width and height at bytes 16 and 20.
  return { data, size: { width: data.readUInt32BE(16), height: data.readUInt32BE(20) } };
}

export function svgSize(svg: string): { width: number; height: number } {
  const root = svg.slice(0, svg.indexOf('>'));
  const read = (name: string): number => {
    const match = new RegExp(`\\b${name}="([\\d.]+)(pt|px)?"`).exec(root);
    if (!match) return 0;
    return Math.round(Number(match[1]) * (match[2] === 'pt' ? CSS_DPI / 72 : 1));
  };
  return { width: read('width'), height: read('height') };
}

/** Draws the diagram of `options.input` and writes it atomically to `options.out`. */
export async function runPlot(options: PlotOptions): Promise<PlotResult> {
  const format = plotFormat(options.out);
  await checkOutputPath(options.out);
  const model = await loadInputModel({ input: options.input, imageDimOrdering: options.imageDimOrdering });
  let svg: string;
  let layers: number;
  try {
    svg = await modelDiagramSvg(model, options);
    layers = modelGraph(model).nodes.length;
  } finally {
    model.dispose();
  }
  const { data, size } = encodePicture(svg, format, options.dpi ?? DEFAULT_PLOT_DPI);
  await writeFileAtomic(options.out, data);
  return { out: options.out, format, ...size, bytes: data.length, layers };
}

/** One line for the terminal: what was written. */
export function describePlot(result: PlotResult): string {
  return `Wrote ${result.out} (${result.format.toUpperCase()}, ${result.width} x ${result.height}, ${result.layers} layers)`;
}
