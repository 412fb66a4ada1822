import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tf from '../../src/util/tfjs.cjs';
import { UserError } from '../../src/errors.js';
import { loadModelFile, MODEL_JSON, saveModelToDir, WEIGHTS_BIN } from '../../src/io/file-io.js';
import { convModel, handKernel, useCpu } from '../viz/helpers.js';
import { tempDir } from '../helpers/cli.js';

before(async () => {
  assert.ok(await useCpu());
});

function userError(pattern: RegExp, code?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    if (code) assert.equal(error.code, code);
    assert.match(error.toLine(), pattern);
    return true;
  };
}

test('save then load gives the same topology and identical weights', async () => {
  const { dir, remove } = tempDir();
  const model = convModel(handKernel([3, 3, 1, 4], 1));
  try {
    const result = await saveModelToDir(model, join(dir, 'run'));
    assert.ok(result.modelArtifactsInfo.weightDataBytes! > 0);
    assert.deepEqual(readdirSync(join(dir, 'run')).sort(), [MODEL_JSON, WEIGHTS_BIN]);
    const json = JSON.parse(readFileSync(join(dir, 'run', MODEL_JSON), 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
    const loaded = await loadModelFile(join(dir, 'run', MODEL_JSON));
    assert.deepEqual(loaded.layers.map((l) => l.name), model.layers.map((l) => l.name));
    const original = model.getWeights();
    const reloaded = loaded.getWeights();
    assert.equal(reloaded.length, original.length);
    original.forEach((w, i) => {
      assert.deepEqual(reloaded[i]!.shape, w.shape);
      assert.deepEqual(reloaded[i]!.dataSync(), w.dataSync());
    });
    // The reloaded model computes what the original did.
    const x = tf.ones([1, 6, 6, 1]);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
    loaded.dispose();
  } finally {
    model.dispose();
    remove();
  }
});

test('a model file without its weights is a user error, exit 2', async () => {
  const { dir, remove } = tempDir();
  const model = convModel(handKernel([3, 3, 1, 4]));
  try {
    await saveModelToDir(model, dir);
    const path = join(dir, MODEL_JSON);
    const json = JSON.parse(readFileSync(path, 'utf8'));

    truncateSync(join(dir, WEIGHTS_BIN), 10);
    await assert.rejects(loadModelFile(path), userError(/weight files must hold \d+ bytes .* Received: 10 bytes/, 'MODEL_WEIGHTS_TRUNCATED'));

    rmSync(join(dir, WEIGHTS_BIN));
    await assert.rejects(
      loadModelFile(path),
      userError(/model\.json: weightsManifest\[0\]\.paths\[0\]: A model file must come with its weights\. Received: a model file without weights \(\.\/weights\.bin is missing\)/, 'MODEL_WITHOUT_WEIGHTS'),
    );

    writeFileSync(path, JSON.stringify({ modelTopology: json.modelTopology }));
    await assert.rejects(loadModelFile(path), userError(/Received: a model file without weights \(no weightsManifest\)/, 'MODEL_WITHOUT_WEIGHTS'));
  } finally {
    model.dispose();
    remove();
  }
});

test('a missing, non-JSON or non-model file is a user error, exit 2', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(loadModelFile(join(dir, 'none.json')), userError(/The model file must exist\. Received: .*none\.json, which does not exist/));
  writeFileSync(join(dir, 'bad.json'), '{"modelTopology": ');
  await assert.rejects(loadModelFile(join(dir, 'bad.json')), userError(/must be valid JSON/, 'MODEL_INVALID'));
  writeFileSync(join(dir, 'spec.json'), '{"model": {"layers": []}}');
  await assert.rejects(loadModelFile(join(dir, 'spec.json')), userError(/modelTopology: A model file must be a tfjs layers model\.json/));
});

test('weight paths must stay inside the model folder, and only regular files of the listed size are read', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const model = convModel(handKernel([3, 3, 1, 4]));
  t.after(() => model.dispose());
  await saveModelToDir(model, dir);
  const path = join(dir, MODEL_JSON);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const withPaths = (paths: unknown[], weights = json.weightsManifest[0].weights) =>
    writeFileSync(path, JSON.stringify({ ...json, weightsManifest: [{ paths, weights }] }));
  for (const escape of ['../../dev/zero', '/dev/zero', '../weights.bin', 'sub/../../x', 'file:///dev/zero', '', '.']) {
    withPaths([escape]);
    await assert.rejects(loadModelFile(path), userError(/weightsManifest\[0\]\.paths\[0\]: Weight paths must be relative paths inside the model file's folder\. Received: /, 'MODEL_INVALID'), escape);
  }
  // A path that stays inside is fine, even spelt with "..".
  withPaths(['sub/../weights.bin']);
  (await loadModelFile(path)).dispose();
  // A link inside the folder to a device: said to be one, and nothing is read.
  symlinkSync('/dev/zero', join(dir, 'zero.bin'));
  withPaths(['zero.bin']);
  await assert.rejects(loadModelFile(path), userError(/Received: a model file without weights \(zero\.bin is a character device\)/, 'MODEL_WITHOUT_WEIGHTS'));
  // A manifest claiming more weights than fit in memory is refused before any file is read.
  withPaths(['weights.bin'], [{ name: 'huge', shape: [1 << 20, 1 << 20], dtype: 'float32' }]);
  await assert.rejects(loadModelFile(path), userError(/A model's weights must take at most 2048 MiB\. Received: a manifest listing 4398046511104 bytes/, 'MODEL_TOO_LARGE'));
});

test('a model file that is a device or a directory is refused after one stat', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  await assert.rejects(loadModelFile('/dev/zero'), userError(/^\/dev\/zero: the model file must be a regular file\. Received: a character device\.$/));
  await assert.rejects(loadModelFile(dir), userError(/the model file must be a regular file\. Received: a directory\.$/));
});
