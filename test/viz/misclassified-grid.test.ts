import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { imageTile, misclassifiedSvg } from '../../src/viz/misclassified-grid.js';
import { svgToPng } from '../../src/viz/render/svg-to-png.js';

// Two 2x3 RGB images, channels last ("tf"); value = (image, row, col, channel) coded in [0, 1].
const value = (n: number, r: number, c: number, k: number) => (n * 18 + (r * 3 + c) * 3 + k) / 40;
const tfImages = Float32Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => {
  const n = Math.floor(i / 18), p = i % 18;
  return value(n, Math.floor(p / 9), Math.floor((p % 9) / 3), p % 3);
});
// The same images channels first ("th"): [channel][row][col].
const thImages = Float32Array.from({ length: 36 }, (_, i) => {
  const n = Math.floor(i / 18), p = i % 18;
  return value(n, Math.floor((p % 6) / 3), p % 3, Math.floor(p / 6));
});

test('a tile is the same 8-bit picture whatever the ordering, clamped to [0, 1]', () => {
  const tf = imageTile(tfImages, 1, [2, 3, 3], 'tf');
  const th = imageTile(thImages, 1, [3, 2, 3], 'th');
  assert.deepEqual([tf.width, tf.height, tf.channels], [3, 2, 3]);
  assert.deepEqual(th, tf);
  assert.equal(tf.pixels[0], Math.round(Math.min(1, value(1, 0, 0, 0)) * 255));
  const grey = imageTile(Float32Array.from([-1, 0.5, 1.5, 1]), 0, [2, 2, 1], 'tf');
  assert.deepEqual([...grey.pixels], [0, 128, 255, 255], 'values outside [0, 1] are clamped');
});

test('the grid captions each mistake with escaped names and the probability, and renders to a non-blank PNG', () => {
  const svg = misclassifiedSvg({
    mistakes: [{ index: 1, trueClass: 0, predictedClass: 1, probability: 0.987 }, { index: 0, trueClass: 1, predictedClass: 0, probability: 0.5 }],
    images: tfImages,
    imageShape: [2, 3, 3],
    ordering: 'tf',
    classNames: ['<cat>', 'a very long class name indeed'],
  });
  assert.match(svg, /Misclassified test images, most confident first \(2\)/);
  assert.match(svg, /true: &#60;cat&#62;</);
  assert.match(svg, /pred: a very lon… 98\.7%</);
  assert.match(svg, /true: a very long cl…<.*\n.*pred: &#60;cat&#62; 50\.0%/);
  assert.equal(svg.match(/<image /g)?.length, 2);
  const png = PNG.sync.read(svgToPng(svg));
  assert.ok(png.width >= 260 && png.height > 150, `${png.width} x ${png.height}`);
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
  assert.ok(colours.size > 10, `${colours.size} colours: tiles and text drawn`);
});

test('no mistakes is a one-line picture saying so', () => {
  const svg = misclassifiedSvg({ mistakes: [], images: new Float32Array(0), imageShape: [2, 3, 3], ordering: 'tf', classNames: [] });
  assert.match(svg, /No misclassified test images/);
  assert.match(svg, /height="60"/);
  assert.doesNotMatch(svg, /<image /);
});
