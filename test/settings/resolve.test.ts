import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { resolveSettings } from '../../src/settings/resolve.js';
import { tempDir } from '../helpers/cli.js';

/** A home with ~/.kerasts.json and a project (with a nested working directory) with .kerasts.json. */
function layout(home: object | undefined, project: object | undefined) {
  const temp = tempDir();
  const homeDir = join(temp.dir, 'home');
  const projectDir = join(temp.dir, 'project');
  const cwd = join(projectDir, 'sub', 'dir');
  mkdirSync(homeDir, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  if (home) writeFileSync(join(homeDir, '.kerasts.json'), JSON.stringify(home));
  if (project) writeFileSync(join(projectDir, '.kerasts.json'), JSON.stringify(project));
  return { ...temp, homeDir, projectDir, cwd };
}

test('defaults when nothing is set', async (t) => {
  const dirs = layout(undefined, undefined);
  t.after(dirs.remove);
  const resolved = await resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir });
  assert.deepEqual(resolved.settings, { image_dim_ordering: 'tf', backend: 'auto', floatx: 'float32', epsilon: 1e-7, dataset_mirrors: {} });
  assert.equal(resolved.sources.backend, 'default');
});

test('each source overrides the ones below it: flag > env > project file > home file > default', async (t) => {
  const dirs = layout({ backend: 'cpu', image_dim_ordering: 'th', epsilon: 0.5 }, { backend: 'wasm', image_dim_ordering: 'tf' });
  t.after(dirs.remove);
  const homeFile = join(dirs.homeDir, '.kerasts.json');
  const projectFile = join(dirs.projectDir, '.kerasts.json');

  const fromFiles = await resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(fromFiles.settings.backend, 'wasm');
  assert.equal(fromFiles.sources.backend, projectFile);
  assert.equal(fromFiles.settings.epsilon, 0.5);
  assert.equal(fromFiles.sources.epsilon, homeFile);
  assert.equal(fromFiles.sources.floatx, 'default');
  assert.deepEqual(fromFiles.files, [projectFile, homeFile]);

  const fromEnv = await resolveSettings({ env: { KERASTS_BACKEND: 'cpu', KERASTS_IMAGE_DIM_ORDERING: 'th' }, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(fromEnv.settings.backend, 'cpu');
  assert.equal(fromEnv.sources.backend, 'env KERASTS_BACKEND');
  assert.equal(fromEnv.settings.image_dim_ordering, 'th');
  assert.equal(fromEnv.sources.image_dim_ordering, 'env KERASTS_IMAGE_DIM_ORDERING');

  const fromFlags = await resolveSettings({
    flags: { backend: 'tensorflow', imageDimOrdering: 'channels_last' },
    env: { KERASTS_BACKEND: 'cpu', KERASTS_IMAGE_DIM_ORDERING: 'th' },
    cwd: dirs.cwd,
    home: dirs.homeDir,
  });
  assert.equal(fromFlags.settings.backend, 'tensorflow');
  assert.equal(fromFlags.sources.backend, 'flag --backend');
  assert.equal(fromFlags.settings.image_dim_ordering, 'tf');
  assert.equal(fromFlags.sources.image_dim_ordering, 'flag --image-dim-ordering');
});

test('home file applies when there is no project file', async (t) => {
  const dirs = layout({ image_data_format: 'channels_first' }, undefined);
  t.after(dirs.remove);
  const resolved = await resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(resolved.settings.image_dim_ordering, 'th');
  assert.equal(resolved.sources.image_dim_ordering, join(dirs.homeDir, '.kerasts.json'));
});

test('KERASTS_CONFIG and --config name a file that replaces the discovered ones; --config wins', async (t) => {
  const dirs = layout({ epsilon: 0.5 }, { backend: 'wasm' });
  t.after(dirs.remove);
  const envFile = join(dirs.dir, 'env.json');
  const flagFile = join(dirs.dir, 'flag.json');
  writeFileSync(envFile, JSON.stringify({ backend: 'cpu' }));
  writeFileSync(flagFile, JSON.stringify({ backend: 'tensorflow' }));

  const viaEnv = await resolveSettings({ env: { KERASTS_CONFIG: envFile }, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(viaEnv.settings.backend, 'cpu');
  assert.equal(viaEnv.sources.backend, envFile);
  assert.equal(viaEnv.settings.epsilon, 1e-7, 'the home file is not read when a file is named');

  const viaFlag = await resolveSettings({ flags: { config: flagFile }, env: { KERASTS_CONFIG: envFile }, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(viaFlag.settings.backend, 'tensorflow');
});

test('package.json "kerasts" key and .kerastsrc are read as JSON project settings', async (t) => {
  const dirs = layout(undefined, undefined);
  t.after(dirs.remove);
  writeFileSync(join(dirs.projectDir, 'package.json'), JSON.stringify({ name: 'x', kerasts: { backend: 'cpu' } }));
  const fromPackage = await resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(fromPackage.settings.backend, 'cpu');
  assert.equal(fromPackage.sources.backend, join(dirs.projectDir, 'package.json'));

  writeFileSync(join(dirs.cwd, '.kerastsrc'), '{"backend": "wasm"}');
  const fromRc = await resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir });
  assert.equal(fromRc.settings.backend, 'wasm');
});

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the settings to be refused');
}

test('bad settings are one-line errors naming the file and key, exit code 2', async (t) => {
  const cases: { name: string; content: string; pattern: RegExp }[] = [
    { name: 'not JSON', content: '{\n  "backend": "wasm",\n}', pattern: /\.kerasts\.json: line 3, column 1: must be valid JSON/ },
    { name: 'unknown key', content: '{"image_dim_ordring": "tf"}', pattern: /image_dim_ordring is not a known key\. Did you mean "image_dim_ordering"\?/ },
    { name: 'bad ordering', content: '{"image_dim_ordering": "xy"}', pattern: /image_dim_ordering must be "tf" \(rows, cols, channels\) or "th" \(channels, rows, cols\)\. Received: "xy"\./ },
    { name: 'disagreeing synonyms', content: '{"image_dim_ordering": "tf", "image_data_format": "channels_first"}', pattern: /image_dim_ordering and image_data_format must agree\. Received: "tf" and "channels_first"/ },
    { name: 'bad backend', content: '{"backend": "theano"}', pattern: /backend must be one of auto, tensorflow, wasm, cpu\. Received: "theano"\./ },
    { name: 'float64', content: '{"floatx": "float64"}', pattern: /floatx must be "float32"/ },
  ];
  for (const example of cases) {
    const dirs = layout(undefined, undefined);
    t.after(dirs.remove);
    writeFileSync(join(dirs.projectDir, '.kerasts.json'), example.content);
    const error = await rejection(resolveSettings({ env: {}, cwd: dirs.cwd, home: dirs.homeDir }));
    assert.match(error.toLine(), example.pattern, example.name);
    assert.ok(error.toLine().startsWith(join(dirs.projectDir, '.kerasts.json')), `${example.name}: names the file`);
    assert.equal(error.exitCode, 2);
  }
});

test('bad flag and environment values are refused with what is allowed', async () => {
  const flag = await rejection(resolveSettings({ flags: { backend: 'gpu' }, env: {}, cwd: '/', home: '/nonexistent' }));
  assert.match(flag.toLine(), /^--backend must be one of auto, tensorflow, wasm, cpu\. Received: "gpu"\.$/);
  const env = await rejection(resolveSettings({ env: { KERASTS_IMAGE_DIM_ORDERING: 'xy' }, cwd: '/', home: '/nonexistent' }));
  assert.match(env.toLine(), /KERASTS_IMAGE_DIM_ORDERING must be "tf" or "th"/);
  const missing = await rejection(resolveSettings({ flags: { config: '/nonexistent/settings.json' }, env: {}, cwd: '/', home: '/nonexistent' }));
  assert.match(missing.toLine(), /settings file named by --config must exist/);
});
