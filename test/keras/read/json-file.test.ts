import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKerasJson, kerasJsonModel, readKerasJson } from '../../../src/keras/read/json-file.js';
import { tempDir } from '../../helpers/cli.js';
import { userError } from '../../helpers/user-error.js';

test('Keras JSON is told from a spec and a tfjs model.json', () => {
  assert.equal(isKerasJson({ class_name: 'Sequential', config: [] }), true);
  assert.equal(isKerasJson({ model_config: { class_name: 'Model', config: {} } }), true);
  assert.equal(isKerasJson({ modelTopology: { class_name: 'Sequential', config: [] } }), false);
  assert.equal(isKerasJson({ model: { layers: [] } }), false);
  assert.equal(isKerasJson({ class_name: 'Sequential' }), false);
  assert.equal(isKerasJson([1]), false);
});

test('to_json() and the converter wrapping give the config with keras_version and backend', () => {
  const sequential = { class_name: 'Sequential', config: [{ class_name: 'Dense', config: {} }] };
  assert.deepEqual(kerasJsonModel({ ...sequential, keras_version: '1.2.2' }, 'k1.json'), { file: 'k1.json', config: { ...sequential, keras_version: '1.2.2' }, kerasVersion: '1.2.2' });
  const wrapped = kerasJsonModel({ model_config: sequential, keras_version: '2.1.4', backend: 'tensorflow' }, 'w.json');
  assert.equal(wrapped.config, sequential);
  assert.equal(wrapped.kerasVersion, '2.1.4');
  assert.equal(wrapped.backend, 'tensorflow');
  assert.equal(wrapped.weights, undefined);
  assert.throws(() => kerasJsonModel({ model: {} }, 's.json'), userError(/^s\.json: must be a Keras model JSON/, 'KERAS_MODEL_INVALID'));
});

test('a truncated Keras JSON is exit 2 with its line and column', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const path = join(dir, 'cut.json');
  writeFileSync(path, '{"class_name": "Sequential", "config": [{"class_name": "Dense", "con');
  await assert.rejects(readKerasJson(path, 'cut.json'), userError(/^cut\.json: line 1, column \d+: must be valid JSON/, 'KERAS_MODEL_INVALID'));
  writeFileSync(path, '{"class_name": "Sequential", "config": []}');
  assert.equal((await readKerasJson(path)).file, path);
});
