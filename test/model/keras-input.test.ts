import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkWeightsFlag, kerasInputModel, readKerasInput } from '../../src/model/keras-input.js';
import { tempDir } from '../helpers/cli.js';
import { KERAS1_DENSE, writeDenseWeights } from '../helpers/keras-weights.js';
import { userError } from '../helpers/user-error.js';
import { useCpu } from '../viz/helpers.js';

before(async () => {
  assert.ok(await useCpu());
});

test('--weights is refused with anything but a Keras model file, naming what was given', () => {
  checkWeightsFlag({ kind: 'keras', label: 'm.json' }, 'w.h5');
  for (const kind of ['spec', 'model', 'run'] as const) checkWeightsFlag({ kind, label: 'x' }, undefined);
  const cases = [['spec', 'a spec'], ['model', 'a tfjs model'], ['run', 'a run directory']] as const;
  for (const [kind, what] of cases) {
    assert.throws(() => checkWeightsFlag({ kind, label: 'in' }, 'w.h5'), userError(new RegExp(`^w\\.h5: --weights goes with a Keras model file \\(JSON, \\.h5 or \\.keras\\)\\. Received: in, ${what}\\.$`), 'OPTION_INVALID'));
  }
});

test('a Keras JSON with --weights gets that file\'s weights, the path taken relative to cwd', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'm.json'), JSON.stringify(KERAS1_DENSE));
  await writeDenseWeights(join(dir, 'w.h5'));
  const bare = await readKerasInput(join(dir, 'm.json'), 'm.json');
  assert.equal(bare.weights, undefined, 'a JSON holds no weights');
  const model = await kerasInputModel(join(dir, 'm.json'), 'm.json', 'w.h5', dir);
  t.after(() => model.dispose());
  const [kernel, bias] = model.getWeights();
  assert.deepEqual(Array.from(kernel!.dataSync()), Array.from({ length: 12 }, (_, i) => i));
  assert.deepEqual(Array.from(bias!.dataSync()), [100, 101, 102]);
});

test('a weights file that does not fit the model names the weight; a missing one names the path', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'm.json'), JSON.stringify(KERAS1_DENSE));
  await writeDenseWeights(join(dir, 'bad.h5'), [3, 4]);
  await assert.rejects(kerasInputModel(join(dir, 'm.json'), 'm.json', 'bad.h5', dir), userError(/^bad\.h5: d_W: the weight d_W has shape \[3, 4\]; layer "d" \(Dense\) expects \[4, 3\]/));
  await assert.rejects(kerasInputModel(join(dir, 'm.json'), 'm.json', 'missing.h5', dir), userError(/missing\.h5/));
});
