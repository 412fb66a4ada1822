import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describePlot, modelDiagramSvg, plotFormat, runPlot, svgSize } from '../../../src/viz/diagram/run-plot.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';
import { convModel, handKernel, useCpu } from '../helpers.js';

const temp = tempDir();
before(async () => {
  assert.ok(await useCpu());
});

test('the format is the --out extension; anything else names the two allowed', () => {
  assert.equal(plotFormat('m.PNG'), 'png');
  assert.equal(plotFormat('dir/m.svg'), 'svg');
  assert.throws(() => plotFormat('m.html'), userError(/--out: must end in \.png or \.svg\. Received: m\.html\. An HTML page .*kerasts report/));
  assert.throws(() => plotFormat('m'), userError(/--out: must end in \.png or \.svg\. Received: m\.$/));
});

test('svgSize reads points as CSS pixels at 96 dpi', () => {
  assert.deepEqual(svgSize('<svg width="72pt" height="36pt" viewBox="0 0 72 36">'), { width: 96, height: 48 });
  assert.deepEqual(svgSize('<svg width="100px" height="50">'), { width: 100, height: 50 });
  assert.deepEqual(svgSize('<svg viewBox="0 0 1 1">'), { width: 0, height: 0 });
});

test('a model diagram names every layer, with params when asked', async () => {
  const model = convModel(handKernel([3, 3, 1, 4]));
  const svg = await modelDiagramSvg(model, { showParams: true });
  model.dispose();
  for (const name of ['conv_a', 'conv_b', 'flat', 'out']) assert.match(svg, new RegExp(`>${name}<`));
  assert.match(svg, /params/);
});

test('runPlot writes a decodable PNG at the dpi asked, or an SVG with its prolog', async () => {
  const png = await runPlot({ input: 'configs/mnist_cnn.json', out: join(temp.dir, 'm.png'), imageDimOrdering: 'tf', dpi: 96 });
  const decoded = PNG.sync.read(readFileSync(png.out));
  assert.deepEqual([decoded.width, decoded.height], [png.width, png.height]);
  assert.equal(png.layers, 13, "the input layer and mnist_cnn's twelve");
  assert.equal(describePlot(png), `Wrote ${png.out} (PNG, ${png.width} x ${png.height}, 13 layers)`);
  const big = await runPlot({ input: 'configs/mnist_cnn.json', out: join(temp.dir, 'big.png'), imageDimOrdering: 'tf', dpi: 192 });
  assert.ok(Math.abs(big.width - 2 * png.width) <= 2, `${big.width} vs ${png.width}`);
  const svg = await runPlot({ input: 'configs/mnist_cnn.json', out: join(temp.dir, 'm.svg'), imageDimOrdering: 'th' });
  const text = readFileSync(svg.out, 'utf8');
  assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg'));
  assert.equal(svg.bytes, Buffer.byteLength(text));
  assert.match(text, /\(None, 32, 26, 26\)/, 'th shapes');
});

test('a bad --out is refused before the model is loaded', async () => {
  await assert.rejects(runPlot({ input: 'no-such-spec.json', out: join(temp.dir, 'missing', 'm.png'), imageDimOrdering: 'tf' }), userError(/--out: its folder must exist/));
  temp.remove();
});
