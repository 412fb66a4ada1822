import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import sharp from 'sharp';

/** The classes of the drawn-shapes dataset, in alphabetical (label) order. */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle'] as const;

/** Whether pixel (r, c) of a `side`-pixel image is inside the shape, centred at (cy, cx) with radius `s`. */
function inside(shape: (typeof SHAPE_CLASSES)[number], r: number, c: number, cy: number, cx: number, s: number): boolean {
  const dy = r - cy;
  const dx = c - cx;
  if (shape === 'circle') return dx * dx + dy * dy <= s * s;
  if (shape === 'square') return Math.abs(dx) <= s * 0.8 && Math.abs(dy) <= s * 0.8;
  // Upward triangle: apex at the top, base at the bottom.
  return dy >= -s && dy <= s && Math.abs(dx) <= ((dy + s) / 2) * 1.0;
}

/** One drawn shape as RGB bytes (grey when `colour` is false: all channels equal). */
export function drawShape(shape: (typeof SHAPE_CLASSES)[number], side: number, random: () => number, colour: boolean): Buffer {
  const pixels = Buffer.alloc(side * side * 3);
  const s = side * (0.28 + random() * 0.12);
  const cy = side / 2 + (random() - 0.5) * side * 0.15;
  const cx = side / 2 + (random() - 0.5) * side * 0.15;
  const ink = colour ? [80 + random() * 175, 80 + random() * 175, 80 + random() * 175] : [230, 230, 230];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const on = inside(shape, r, c, cy, cx, s);
      const noise = random() * 30;
      for (let ch = 0; ch < 3; ch++) pixels[(r * side + c) * 3 + ch] = on ? ink[ch]! : colour ? noise * (ch + 1) * 0.5 : noise;
    }
  }
  return pixels;
}

/** Encodes RGB bytes as PNG (pngjs) or JPEG (sharp), grey images as one-channel files. */
export async function encodeImage(rgb: Buffer, side: number, format: 'png' | 'jpg', colour: boolean): Promise<Buffer> {
  if (format === 'png') {
    const png = new PNG({ width: side, height: side, colorType: colour ? 2 : 0 });
    for (let i = 0; i < side * side; i++) {
      png.data[i * 4] = rgb[i * 3]!;
      png.data[i * 4 + 1] = rgb[i * 3 + 1]!;
      png.data[i * 4 + 2] = rgb[i * 3 + 2]!;
      png.data[i * 4 + 3] = 255;
    }
    return PNG.sync.write(png, { colorType: colour ? 2 : 0 });
  }
  const image = sharp(rgb, { raw: { width: side, height: side, channels: 3 } });
  return (colour ? image : image.toColourspace('b-w')).jpeg({ quality: 92 }).toBuffer();
}

/**
 * Writes a class-folder dataset of drawn shapes into `dir`: `perClass` images per class, sizes
 * 20..47 pixels, alternating PNG and JPEG. Returns the files written.
 */
export async function writeShapeDataset(dir: string, options: { perClass: number; seed?: number; colour?: boolean }): Promise<string[]> {
  let state = options.seed ?? 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const files: string[] = [];
  for (const shape of SHAPE_CLASSES) {
    mkdirSync(join(dir, shape), { recursive: true });
    for (let n = 0; n < options.perClass; n++) {
      const side = 20 + Math.floor(random() * 28);
      const format = n % 2 === 0 ? 'png' : 'jpg';
      const file = join(dir, shape, `${shape}-${n}.${format}`);
      writeFileSync(file, await encodeImage(drawShape(shape, side, random, options.colour ?? false), side, format, options.colour ?? false));
      files.push(file);
    }
  }
  return files;
}
