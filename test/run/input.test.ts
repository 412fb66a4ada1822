import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialModelPath, resolveModelInput } from '../../src/run/input.js';
import { tempDir } from '../helpers/cli.js';
import { userError } from '../helpers/user-error.js';

test('an input is a run directory, a model.json or a spec; none means the latest run under runs/', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(resolveModelInput(undefined, dir), userError(/With no input, runs\/ must hold a run directory with a model\.json\. Received: none under/, 'NO_RUN'));
  mkdirSync(join(dir, 'runs', 'r1', 'model-initial'), { recursive: true });
  writeFileSync(join(dir, 'runs', 'r1', 'model.json'), '{"modelTopology": {}}');
  assert.deepEqual(await resolveModelInput(undefined, dir), { kind: 'model', label: join('runs', 'r1'), modelPath: join(dir, 'runs', 'r1', 'model.json') });
  assert.equal((await resolveModelInput('runs/r1', dir)).kind, 'model');
  assert.equal((await resolveModelInput('runs/r1/model.json', dir)).kind, 'model');
  writeFileSync(join(dir, 'spec.json'), '{"model": {"layers": []}}');
  writeFileSync(join(dir, 'broken.json'), '{');
  assert.deepEqual(await resolveModelInput('spec.json', dir), { kind: 'spec', label: 'spec.json', specPath: join(dir, 'spec.json') });
  assert.equal((await resolveModelInput('broken.json', dir)).kind, 'spec', 'the spec loader reports what is wrong with it');
  await assert.rejects(resolveModelInput('nothing', dir), userError(/^nothing: must be a run directory, a model\.json, a Keras model file or a spec file\. Received: a path that does not exist\.$/, 'INPUT_NOT_FOUND'));
  await assert.rejects(resolveModelInput('runs', dir), userError(/^runs: a run directory must contain model\.json\. Received: a folder without it\. If it is a training run, was it completed\?$/, 'MODEL_NOT_FOUND'));
});

test('a Keras JSON (class_name, model_config) or an HDF5 / zip file is a Keras input', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, 'k1.json'), '{"class_name": "Sequential", "config": []}');
  writeFileSync(join(dir, 'conv.json'), '{"model_config": {"class_name": "Sequential", "config": []}}');
  writeFileSync(join(dir, 'm.h5'), Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
  writeFileSync(join(dir, 'm.keras'), Buffer.from('PK\x03\x04rest', 'latin1'));
  writeFileSync(join(dir, 'spec.json'), '{"model": {"layers": []}, "class_name": "x"}');
  for (const name of ['k1.json', 'conv.json', 'm.h5', 'm.keras']) assert.deepEqual(await resolveModelInput(name, dir), { kind: 'keras', label: name, path: join(dir, name) });
  assert.equal((await resolveModelInput('spec.json', dir)).kind, 'spec', 'a class_name without config is not a Keras model');
  await assert.rejects(initialModelPath({ kind: 'keras', label: 'k1.json', path: 'k1.json' }), userError(/--compare: needs a trained model .*Received: k1\.json, a Keras model file/));
});

test('--compare finds model-initial/model.json beside the model, or says it is missing', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const run = join(dir, 'run');
  mkdirSync(join(run, 'model-initial'), { recursive: true });
  writeFileSync(join(run, 'model.json'), '{"modelTopology": {}}');
  const input = await resolveModelInput('run', dir);
  await assert.rejects(initialModelPath(input), userError(/--compare: needs the initial weights at model-initial\/model\.json beside the model/, 'NO_INITIAL_MODEL'));
  writeFileSync(join(run, 'model-initial', 'model.json'), '{}');
  assert.equal(await initialModelPath(input), join(run, 'model-initial', 'model.json'));
  await assert.rejects(initialModelPath({ kind: 'spec', label: 's.json', specPath: 's.json' }), userError(/--compare: needs a trained model/));
});
