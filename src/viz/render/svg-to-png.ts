/**
 * SVG to PNG with resvg (a Rust renderer shipped as prebuilt npm binaries), with the DejaVu
 * fonts from the `dejavu-fonts-ttf` npm package: text draws the same on a machine without
 * any system font, and no system font sneaks in where one exists.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { UserError } from '../../errors.js';
import { MAX_RENDER_PIXELS } from '../../util/limits.js';

/** The family every picture's text uses; also the resvg fallback for unknown families. */
export const DIAGRAM_FONT_FAMILY = 'DejaVu Sans';

/** CSS pixels per inch: an SVG's own size (px, or pt at 72 per inch) maps to pixels at this dpi. */
export const CSS_DPI = 96;

const FONT_FILES = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf',
  'DejaVuSansMono.ttf',
  'DejaVuSansMono-Bold.ttf',
  'DejaVuSerif.ttf',
  'DejaVuSerif-Bold.ttf',
];

export interface SvgToPngOptions {
  /** Output resolution: the SVG's CSS size is scaled by dpi / 96. Default 96 (scale 1). */
  dpi?: number;
  /** Scale factor, multiplied with dpi / 96. Default 1. */
  scale?: number;
  /** CSS colour painted under the picture; default white (a PNG with no transparent holes). */
  background?: string;
}

let fontFiles: string[] | undefined;
let resvgModule: typeof import('@resvg/resvg-js') | undefined;

/** resvg (a native addon, CommonJS) is required on the first picture: most commands draw none. */
function resvg(): typeof import('@resvg/resvg-js') {
  resvgModule ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return resvgModule;
}

/** Absolute paths of the bundled TrueType files, found through the package's own location. */
export function bundledFontFiles(): string[] {
  if (!fontFiles) {
    const require = createRequire(import.meta.url);
    const ttfDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = FONT_FILES.map((name) => join(ttfDir, name));
  }
  return fontFiles;
}

function renderOptions(zoom: number, background: string): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFontFiles(),
      defaultFontFamily: DIAGRAM_FONT_FAMILY,
      sansSerifFamily: DIAGRAM_FONT_FAMILY,
      serifFamily: 'DejaVu Serif',
      monospaceFamily: 'DejaVu Sans Mono',
    },
    dpi: CSS_DPI,
    fitTo: { mode: 'zoom', value: zoom },
    background,
    logLevel: 'off',
  };
}

/** The zoom factor for `options`, checked to be a positive finite number. */
export function renderZoom(options: SvgToPngOptions = {}): number {
  const zoom = ((options.dpi ?? CSS_DPI) / CSS_DPI) * (options.scale ?? 1);
  if (!Number.isFinite(zoom) || zoom <= 0) {
    throw new RangeError(`svgToPng: dpi and scale must be positive. Received: dpi ${options.dpi}, scale ${options.scale}.`);
  }
  return zoom;
}

/** Refuses a picture of more than MAX_RENDER_PIXELS: a large `--dpi` is one line, not exhausted memory. */
function checkPixels(cssWidth: number, cssHeight: number, zoom: number): void {
  const width = Math.ceil(cssWidth * zoom);
  const height = Math.ceil(cssHeight * zoom);
  if (width * height > MAX_RENDER_PIXELS) {
    throw new UserError(
      `the picture would be ${width} x ${height} pixels, more than the limit of ${MAX_RENDER_PIXELS.toLocaleString('en-US')}.`,
      { code: 'PICTURE_TOO_LARGE', location: '--dpi', hint: 'Use a smaller --dpi.' },
    );
  }
}

/** Renders `svg` to PNG bytes; the pixel size is checked before anything is drawn. */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Buffer {
  const zoom = renderZoom(options);
  const picture = new (resvg().Resvg)(svg, renderOptions(zoom, options.background ?? 'white'));
  checkPixels(picture.width, picture.height, zoom);
  return picture.render().asPng();
}

/** The root element's width and height in CSS pixels (px or unitless), if it states them. */
function statedSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const read = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)(?:px)?"`).exec(root)?.[1] ?? Number.NaN);
  const size = { width: read('width'), height: read('height') };
  return Number.isFinite(size.width) && Number.isFinite(size.height) ? size : undefined;
}

/**
 * As svgToPng, with the parsing and drawing done on libuv's thread pool (resvg's renderAsync),
 * so the caller's thread (training, for the learning curves) goes on meanwhile; only the PNG
 * encoding is on the caller's thread. The size is checked first from the SVG's own width and
 * height; an SVG that states none is drawn by svgToPng.
 */
export async function svgToPngAsync(svg: string, options: SvgToPngOptions = {}): Promise<Buffer> {
  const zoom = renderZoom(options);
  const size = statedSize(svg);
  if (!size) return svgToPng(svg, options);
  checkPixels(size.width, size.height, zoom);
  return (await resvg().renderAsync(svg, renderOptions(zoom, options.background ?? 'white'))).asPng();
}
