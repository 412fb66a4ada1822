import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, runCli } from '../helpers/cli.js';

test('kerasts config prints each setting with its source; --json is machine-readable', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, '.kerasts.json'), JSON.stringify({ image_dim_ordering: 'th' }));
  const result = runCli(['--backend', 'cpu', 'config', '--json'], { cwd: dir, env: { KERASTS_IMAGE_DIM_ORDERING: 'tf' } });
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as { settings: Record<string, unknown>; sources: Record<string, string> };
  assert.equal(parsed.settings.backend, 'cpu');
  assert.equal(parsed.sources.backend, 'flag --backend');
  assert.equal(parsed.settings.image_dim_ordering, 'tf');
  assert.equal(parsed.sources.image_dim_ordering, 'env KERASTS_IMAGE_DIM_ORDERING');

  const table = runCli(['config'], { cwd: dir });
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^image_dim_ordering\s+th\s+\(.*\.kerasts\.json\)$/m);
  assert.match(table.stdout, /^backend\s+auto\s+\(default\)$/m);
});

test('a broken settings file is one line on stderr with exit code 2 and no stack', (t) => {
  const { dir, remove } = tempDir();
  t.after(remove);
  writeFileSync(join(dir, '.kerasts.json'), '{"image_dim_ordering": "xy"}');
  const result = runCli(['config'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^kerasts: .*\.kerasts\.json: image_dim_ordering must be "tf" .* Received: "xy"\.$/);
});
