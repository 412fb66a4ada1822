import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNative, type Importer } from '../../src/backend/native.js';

/** A fake importer: `installed` packages load, `broken` ones throw as a failed native load would. */
function fake(installed: string[], broken: string[] = []): { importer: Importer; tried: string[] } {
  const tried: string[] = [];
  const importer: Importer = async (name) => {
    tried.push(name);
    if (broken.includes(name)) throw new Error('libcudart.so.11.0: cannot open shared object file\nmore');
    if (installed.includes(name)) return {};
    throw Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  };
  return { importer, tried };
}

test('tfjs-node-gpu is preferred when both native packages are installed', async () => {
  const { importer, tried } = fake(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  assert.deepEqual(await loadNative(importer), { ok: true, package: '@tensorflow/tfjs-node-gpu', notes: [] });
  assert.deepEqual(tried, ['@tensorflow/tfjs-node-gpu']);
});

test('tfjs-node is used when the GPU package is absent, without mentioning it', async () => {
  const { importer, tried } = fake(['@tensorflow/tfjs-node']);
  assert.deepEqual(await loadNative(importer), { ok: true, package: '@tensorflow/tfjs-node', notes: [] });
  assert.deepEqual(tried, ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
});

test('a GPU package that fails to load falls back to tfjs-node and says why', async () => {
  const { importer } = fake(['@tensorflow/tfjs-node'], ['@tensorflow/tfjs-node-gpu']);
  const result = await loadNative(importer);
  assert.equal(result.ok && result.package, '@tensorflow/tfjs-node');
  assert.deepEqual(result.ok && result.notes, ['@tensorflow/tfjs-node-gpu failed to load (libcudart.so.11.0: cannot open shared object file)']);
});

test('only the GPU package installed: it is used', async () => {
  const { importer } = fake(['@tensorflow/tfjs-node-gpu']);
  assert.equal((await loadNative(importer)).ok, true);
});

test('neither installed: the reason names tfjs-node only; a broken GPU package is named too', async () => {
  assert.deepEqual(await loadNative(fake([]).importer), { ok: false, why: '@tensorflow/tfjs-node is not installed' });
  const broken = await loadNative(fake([], ['@tensorflow/tfjs-node-gpu']).importer);
  assert.equal(broken.ok, false);
  assert.match(!broken.ok ? broken.why : '', /^@tensorflow\/tfjs-node-gpu failed to load \(libcudart.*\); @tensorflow\/tfjs-node is not installed$/);
});
