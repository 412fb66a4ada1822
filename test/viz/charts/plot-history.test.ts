import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { RUN_FILES } from '../../../src/run/layout.js';
import { RunDirectory } from '../../../src/run/run-directory.js';
import type { EpochRecord } from '../../../src/run/schemas.js';
import { describePlotHistory, runPlotHistory } from '../../../src/viz/charts/plot-history.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';

const epochs = (n: number, scale: number): EpochRecord[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, logs: { loss: scale / (i + 1), acc: 1 - scale / (i + 2), val_loss: scale / i || 2, val_acc: 0.5 }, seconds: 1 }));

async function fakeRun(dir: string, history: EpochRecord[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await new RunDirectory(dir).writeHistory(history);
  return dir;
}

test('runPlotHistory draws two runs on the same axes as SVG (legend names both) and PNG at the dpi asked', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const a = await fakeRun(join(dir, 'alpha-run'), epochs(4, 1));
  const b = await fakeRun(join(dir, 'beta-run'), epochs(3, 2));
  const svgOut = join(dir, 'curves.svg');
  const svgResult = await runPlotHistory({ runs: [a, b], out: svgOut, metric: 'both' });
  const svg = readFileSync(svgOut, 'utf8');
  assert.match(svg, /^<\?xml/);
  for (const text of ['>alpha-run<', '>beta-run<', '>Loss<', '>Accuracy<', '>validation<']) assert.ok(svg.includes(text), text);
  assert.deepEqual(svgResult.runs, [{ name: 'alpha-run', dir: a, epochs: 4 }, { name: 'beta-run', dir: b, epochs: 3 }]);
  assert.deepEqual(svgResult.panels, ['loss', 'accuracy']);
  assert.equal(svgResult.bytes, Buffer.byteLength(svg));
  assert.equal(describePlotHistory(svgResult), `Wrote ${svgOut} (SVG, ${svgResult.width} x ${svgResult.height}, loss and accuracy of 2 runs)`);

  const pngOut = join(dir, 'curves.png');
  const result = await runPlotHistory({ runs: [a, b], out: pngOut, metric: 'loss', dpi: 192 });
  const png = PNG.sync.read(readFileSync(pngOut));
  assert.deepEqual([png.width, png.height], [result.width, result.height]);
  assert.deepEqual(result.panels, ['loss']);
  // One panel at twice the resolution: narrower than the SVG's two panels would be at 192 dpi.
  assert.ok(png.width < 2 * svgResult.width && png.height > 1.8 * svgResult.height, `${png.width} x ${png.height}`);
  assert.deepEqual(readdirSync(dir).sort(), ['alpha-run', 'beta-run', 'curves.png', 'curves.svg'], 'no temporary file left');
});

test('runPlotHistory writes nothing when a run is damaged, and leaves an existing --out as it was', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const a = await fakeRun(join(dir, 'a'), epochs(2, 1));
  const b = await fakeRun(join(dir, 'b'), epochs(2, 1));
  writeFileSync(join(b, RUN_FILES.history), 'epoch,loss,seconds\n1,0.5\n');
  const out = join(dir, 'curves.png');
  writeFileSync(out, 'precious');
  await assert.rejects(runPlotHistory({ runs: [a, b], out, metric: 'both' }), userError(/b\/history\.csv: line 2: must have 3 cells like the header\. Received: 2\./));
  await assert.rejects(runPlotHistory({ runs: [a], out: join(dir, 'curves.pdf'), metric: 'both' }), userError(/--out: must end in \.png or \.svg/));
  await assert.rejects(runPlotHistory({ runs: [a], out: join(dir, 'missing', 'c.png'), metric: 'both' }), userError(/--out: its folder must exist/, 'OUTPUT_DIR_MISSING'));
  assert.equal(readFileSync(out, 'utf8'), 'precious');
  assert.deepEqual(readdirSync(dir).sort(), ['a', 'b', 'curves.png']);
});
