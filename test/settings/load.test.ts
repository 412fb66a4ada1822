import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { UserError } from '../../src/errors.js';
import { resolveSettings } from '../../src/settings/resolve.js';
import { KERASTS_BIN, isolatedEnv, runCli, tempDir } from '../helpers/cli.js';

/** Code that, if a settings loader ran it, would leave `marker` behind. */
function markerCode(marker: string, ext: string): string {
  const write = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`;
  if (ext === '.mjs') return `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};\n`;
  if (ext === '.ts') return `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};\n`;
  if (ext === '.yaml' || ext === '.yml' || ext === '') return 'backend: cpu\n';
  return `${write} module.exports = { backend: 'cpu' };\n`;
}

const EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.yaml', '.yml', ''];

/** The UserError line a settings resolution fails with (in this process: a loader that ran code would run it here too). */
async function refusal(options: Parameters<typeof resolveSettings>[0]): Promise<UserError> {
  try {
    await resolveSettings(options);
  } catch (error) {
    if (error instanceof UserError) return error;
    assert.fail(`expected a UserError, got ${String(error)}`);
  }
  assert.fail('expected the settings file to be refused');
}

test('a named settings file of any extension is read as JSON, never run nor YAML-parsed', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const ext of EXTENSIONS) {
    for (const how of ['--config', 'KERASTS_CONFIG'] as const) {
      const marker = join(dir, `ran${ext || '-noext'}-${how}`);
      const file = join(dir, `settings${ext}`);
      writeFileSync(file, markerCode(marker, ext));
      const options = how === '--config' ? { flags: { config: file }, env: {} } : { env: { KERASTS_CONFIG: file } };
      const error = await refusal({ ...options, cwd: dir, home: dir });
      assert.equal(existsSync(marker), false, `${how} settings${ext} was executed`);
      assert.equal(error.exitCode, 2);
      assert.match(error.toLine(), new RegExp(`settings${ext.replace('.', '\\.')}: line 1, column \\d+: must be valid JSON: expected`), `${how} settings${ext}`);
    }
  }
  // The same through the CLI: one line on stderr, exit 2.
  const marker = join(dir, 'ran-cli');
  writeFileSync(join(dir, 'cli.cjs'), markerCode(marker, '.cjs'));
  for (const [args, env] of [[['--config', 'cli.cjs', 'config'], {}], [['config'], { KERASTS_CONFIG: 'cli.cjs' }]] as const) {
    const result = runCli([...args], { cwd: dir, env });
    assert.equal(existsSync(marker), false, 'cli.cjs was executed');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^kerasts: .*cli\.cjs: line 1, column 1: must be valid JSON: expected a value \(object, array, string, number, true, false or null\)\. Received: "r"\.[^\n]*\n$/);
  }
});

test('a named settings file holding JSON is used whatever its extension', async (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  for (const ext of [...EXTENSIONS, '.toml']) {
    const file = join(dir, `settings${ext}`);
    writeFileSync(file, '{"backend": "cpu"}\n');
    const resolved = await resolveSettings({ flags: { config: file }, env: {}, cwd: dir, home: dir });
    assert.equal(resolved.settings.backend, 'cpu', `settings${ext}`);
  }
  // cosmiconfig answered "No loader specified for extension" for this one.
  writeFileSync(join(dir, 'x.toml'), 'backend = "cpu"\n');
  const toml = runCli(['--config', join(dir, 'x.toml'), 'config']);
  assert.equal(toml.status, 2);
  assert.match(toml.stderr, /x\.toml: line 1, column 1: must be valid JSON: expected a value/);
});

test('the settings search never loads code or YAML, even where cosmiconfig would', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const marker = (name: string) => join(dir, `ran-${name.replace(/\//g, '_')}`);
  const places = ['.kerastsrc.js', '.kerastsrc.cjs', '.kerastsrc.mjs', '.kerastsrc.ts', 'kerasts.config.js', 'kerasts.config.cjs',
    '.config/kerastsrc.js', '.config/kerastsrc.cjs', '.config/config.js', '.config/config.cjs', '.config/config.mjs', '.config/config.ts'];
  mkdirSync(join(dir, '.config'));
  for (const place of places) writeFileSync(join(dir, place), markerCode(marker(place), place.slice(place.lastIndexOf('.'))));
  writeFileSync(join(dir, '.kerastsrc.yaml'), 'backend: cpu\n');
  writeFileSync(join(dir, '.config', 'kerastsrc.yml'), 'backend: cpu\n');
  // .config/config.js is cosmiconfig's own "meta configuration", which it loaded (ran) itself.
  const result = runCli(['config', '--json'], { cwd: dir });
  for (const place of places) assert.equal(existsSync(marker(place)), false, `${place} was executed`);
  assert.equal(result.status, 0, result.stderr);
  const { settings, sources } = JSON.parse(result.stdout) as { settings: { backend: string }; sources: { backend: string } };
  assert.equal(settings.backend, 'auto');
  assert.equal(sources.backend, 'default');
});

test('a settings file that is a directory, a device, too large or 1e400 is one line naming it, exit 2', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  const big = join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 65 * 1024 * 1024); // sparse: no 65 MB written
  writeFileSync(join(dir, 'huge.json'), '{"epsilon": 1e400}');
  mkdirSync(join(dir, 'folder.json'));
  const cases: [string, RegExp][] = [
    [join(dir, 'folder.json'), /folder\.json: the settings file must be a regular file\. Received: a directory\.$/],
    ['/dev/urandom', /^kerasts: \/dev\/urandom: the settings file must be a regular file\. Received: a character device\.$/],
    ['/dev/zero', /^kerasts: \/dev\/zero: the settings file must be a regular file\. Received: a character device\.$/],
    [big, /big\.json: the settings file must be at most 64 MiB\. Received: 68157440 bytes\.$/],
    [join(dir, 'huge.json'), /huge\.json: line 1, column 13: epsilon must be a finite number\. Received: 1e400, which is too large for a 64-bit float\.$/],
  ];
  for (const [file, pattern] of cases) {
    const started = Date.now();
    const result = runCli(['--config', file, 'config'], { cwd: dir, timeoutMs: 20_000 });
    assert.equal(result.status, 2, `${file}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, pattern);
    assert.ok(Date.now() - started < 15_000, `${file} took ${Date.now() - started} ms`);
  }
  // Found by the search rather than named: the same line.
  writeFileSync(join(dir, '.kerasts.json'), '{"epsilon": -1e999}');
  const searched = runCli(['config'], { cwd: dir });
  assert.equal(searched.status, 2);
  assert.match(searched.stderr, /\.kerasts\.json: line 1, column 13: epsilon must be a finite number\. Received: -1e999/);
});

test('an unreadable settings file (EACCES) is one line naming it, exit 2', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  chmodSync(dir, 0o755);
  const file = join(dir, 'secret.json');
  writeFileSync(file, '{}');
  chmodSync(file, 0o000);
  // root reads any file, so as root the CLI runs as "nobody" (uid 65534) to meet EACCES.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) t.diagnostic('running the CLI as uid 65534 because root bypasses file permissions');
  const result = spawnSync(process.execPath, [KERASTS_BIN, '--config', file, 'config'], {
    cwd: dir,
    env: isolatedEnv(dir),
    encoding: 'utf8',
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr.trim(), /^kerasts: .*secret\.json: the settings file must be a readable file\. Received: permission denied\. Make the file readable, or name another one\.$/);
});
