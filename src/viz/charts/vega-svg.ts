/**
 * Vega-Lite specs drawn headless: compiled with vega-lite, rendered by vega's View with the
 * 'none' renderer to an SVG string, then to PNG by resvg (render/svg-to-png.ts) — no browser,
 * no canvas, no system font.
 */
import type { View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { DIAGRAM_FONT_FAMILY, svgToPng } from '../render/svg-to-png.js';

/** The config every chart shares: the bundled font, a white background. */
export const CHART_CONFIG = { font: DIAGRAM_FONT_FAMILY, background: 'white' } as const;

/**
 * A headless vega View of a Vega-Lite spec (call `finalize` when done with it). vega and
 * vega-lite load on first use: every kerasts process that draws no chart is spared them.
 */
export async function vegaLiteView(spec: TopLevelSpec): Promise<View> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile({ ...spec, config: { ...CHART_CONFIG, ...spec.config } }).spec;
  return new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
}

/** The SVG text of a Vega-Lite spec. */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const view = await vegaLiteView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A chart as both SVG text and PNG bytes (the PNG drawn from that same SVG). */
export async function vegaLiteToSvgAndPng(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }> {
  const svg = await vegaLiteToSvg(spec);
  return { svg, png: svgToPng(svg) };
}
