/**
 * The wrong predictions the model was most sure of, as a grid of the test images, each
 * captioned with its true and predicted class and the probability. Drawn as one SVG whose
 * tiles are embedded PNGs, so resvg renders captions with the bundled font.
 */
import type { ImageDimOrdering } from '../settings/constants.js';
import type { Misclassified } from '../model/confusion.js';
import { DIAGRAM_FONT_FAMILY } from './render/svg-to-png.js';
import { encodePng } from './png.js';
import type { RasterImage } from './filter-grid.js';

export interface MisclassifiedGridInput {
  mistakes: readonly Misclassified[];
  /** The test images, [0, 1] floats laid out as `imageShape` under `ordering`. */
  images: Float32Array;
  imageShape: readonly [number, number, number];
  ordering: ImageDimOrdering;
  classNames: readonly string[];
}

/** Grid geometry: tiles per row and the tile's drawn size (images are scaled up, pixels kept sharp). */
const COLUMNS = 8;
const TILE = 120;
const CAPTION = 34;
const GAP = 10;

/** One test image as 8-bit gray or RGB pixels, whatever the ordering. */
export function imageTile(images: Float32Array, index: number, shape: readonly [number, number, number], ordering: ImageDimOrdering): RasterImage {
  const [rows, cols, channels] = ordering === 'tf' ? shape : [shape[1], shape[2], shape[0]];
  const size = rows * cols * channels;
  const base = index * size;
  const outChannels = channels === 3 ? 3 : 1;
  const pixels = new Uint8Array(rows * cols * outChannels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < outChannels; k++) {
        const source = ordering === 'tf' ? base + (r * cols + c) * channels + k : base + k * rows * cols + r * cols + c;
        pixels[(r * cols + c) * outChannels + k] = Math.round(Math.min(1, Math.max(0, images[source])) * 255);
      }
    }
  }
  return { width: cols, height: rows, channels: outChannels, pixels };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Shortens a long class name so the caption stays within its tile. */
function fit(text: string, max = 15): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The SVG text of the grid; with no mistakes, a one-line picture saying so. */
export function misclassifiedSvg(input: MisclassifiedGridInput): string {
  const font = `font-family="${DIAGRAM_FONT_FAMILY}" font-size="10"`;
  const count = input.mistakes.length;
  const columns = Math.max(1, Math.min(COLUMNS, count));
  const rows = Math.ceil(count / columns);
  const width = GAP + columns * (TILE + GAP);
  const titleHeight = 28;
  const height = count === 0 ? 60 : titleHeight + rows * (TILE + CAPTION + GAP) + GAP;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 360)}" height="${height}">`, `<rect width="100%" height="100%" fill="white"/>`];
  const title = count === 0 ? 'No misclassified test images' : `Misclassified test images, most confident first (${count})`;
  parts.push(`<text x="${GAP}" y="19" font-family="${DIAGRAM_FONT_FAMILY}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  input.mistakes.forEach((mistake, i) => {
    const x = GAP + (i % columns) * (TILE + GAP);
    const y = titleHeight + Math.floor(i / columns) * (TILE + CAPTION + GAP);
    const png = encodePng(imageTile(input.images, mistake.index, input.imageShape, input.ordering)).toString('base64');
    const trueName = escapeXml(fit(input.classNames[mistake.trueClass] ?? String(mistake.trueClass)));
    const predicted = escapeXml(fit(input.classNames[mistake.predictedClass] ?? String(mistake.predictedClass), 11));
    parts.push(
      `<image x="${x}" y="${y}" width="${TILE}" height="${TILE}" image-rendering="optimizeSpeed" preserveAspectRatio="none" href="data:image/png;base64,${png}"/>`,
      `<rect x="${x}" y="${y}" width="${TILE}" height="${TILE}" fill="none" stroke="#999"/>`,
      `<text x="${x}" y="${y + TILE + 13}" ${font} fill="#1a7f37">true: ${trueName}</text>`,
      `<text x="${x}" y="${y + TILE + 27}" ${font} fill="#c62828">pred: ${predicted} ${(mistake.probability * 100).toFixed(1)}%</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
